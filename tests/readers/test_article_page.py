"""The article page: every element readers see, for every status, at a constant cost."""

import json
import re

import pytest
from django.urls import reverse

from articles import services as article_services
from tests.articles.factories import article_in_state
from tests.readers.helpers import approve, approved_article, member_for


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def page_html(client, editor, board_member):
    member_for(board_member, display_name="Jane Roe", credentials="MD, FACP")
    article = approved_article(editor, board_member, n_refs=3)
    return article, client.get(article.get_absolute_url()).text


def test_title_board_statement_and_tracker_in_text(page_html):
    article, html = page_html
    assert f"<title>{article.title} · Medical Q&amp;A</title>" in html
    assert f"<h1>{article.title}</h1>" in html
    assert (
        f'Reviewed for accuracy by our <a href="{reverse("readers:board")}">Medical Advisory '
        "Board</a>." in html
    )
    assert "Review status: Approved" in html
    assert re.search(r'aria-current="step">\s*<span[^>]*>●</span>\s*Approved', html)
    assert "(current step)" in html
    assert "pending review" not in html


def test_dates_policy_link_and_reviewer_linked_to_board(page_html, board_member):
    article, html = page_html
    member = board_member.board_member
    assert "Last updated: <time" in html
    assert f'<a href="{reverse("readers:editorial_policy")}">View editorial policy</a>' in html
    assert re.search(
        rf'Medically reviewed by\s*<a href="/advisory-board/{member.pk}/">'
        r"Jane Roe, MD, FACP</a>\s*on <time",
        html,
    )
    assert re.search(r"Next review due: \w+ \d{1,2}, \d{4}</p>", html)
    profile = pytest.importorskip("django.test").Client().get(f"/advisory-board/{member.pk}/")
    assert "Jane Roe, MD, FACP</h1>" in profile.text


def test_citations_link_both_ways_with_accessible_names(page_html):
    _article, html = page_html
    for n in (1, 2, 3):
        assert f'<a href="#ref-{n}" id="cite-{n}" aria-label="Reference {n}"' in html
        assert f'<li id="ref-{n}" value="{n}">' in html
        assert f'href="#cite-{n}" class="back"' in html


def test_references_have_doi_and_pubmed_links_and_kind_labels(page_html):
    _article, html = page_html
    assert '<a href="https://doi.org/10.1000/ref.0" rel="noopener">DOI: 10.1000/ref.0</a>' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/1000/"' in html
    assert '<span class="kind kind-research">Research</span>' in html


def test_disclosures_disclaimer_and_links_to_both_forms(page_html):
    article, html = page_html
    assert "Reviewer disclosures" in html and "Speaker fees from Acme." in html
    assert '<h2 id="disclaimer-h">Professional medical disclaimer</h2>' in html
    url = article.get_absolute_url()
    report = "Report a problem with this article"
    assert f'<a class="talk-back-link" href="{url}report/">{report}</a>' in html
    assert f'<a class="talk-back-link" href="{url}ask/">Ask a follow-up question</a>' in html
    # Nothing particular to one reader: the page is cached and served as stored.
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize(
    "path,heading,button",
    [
        ("report/", "Report a problem with this article", "Send report"),
        ("ask/", "Ask a follow-up question", "Send question"),
    ],
)
def test_each_form_has_a_page_naming_the_article(client, page_html, path, heading, button):
    article, _html = page_html
    response = client.get(f"{article.get_absolute_url()}{path}")
    assert response.status_code == 200
    html = response.text
    assert f'<h1 id="talk-back-h">{heading}</h1>' in html
    assert f'About: <a href="{article.get_absolute_url()}">{article.title}</a>' in html
    version = article.published_versions.first().approval_reference
    assert f"(approved version {version})" in html
    assert html.count('name="csrfmiddlewaretoken"') == 1
    assert 'name="website"' in html  # the honeypot
    assert f'<button type="submit">{button}</button>' in html
    assert response["X-Robots-Tag"] == "noindex" and "X-Page-Cache" not in response


def test_medical_web_page_json_ld(page_html, board_member):
    article, html = page_html
    data = _jsonld(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == article.title
    assert data["lastReviewed"] and data["dateModified"] and data["datePublished"]
    assert data["reviewedBy"][0]["@type"] == "Person"
    assert data["reviewedBy"][0]["name"] == "Jane Roe"
    assert data["reviewedBy"][0]["honorificSuffix"] == "MD, FACP"
    member = board_member.board_member
    assert data["reviewedBy"][0]["url"] == f"http://testserver/advisory-board/{member.pk}/"
    assert len(data["citation"]) == 3
    assert data["citation"][0]["sameAs"] == "https://doi.org/10.1000/ref.0"
    assert data["audience"]["@type"] == "MedicalAudience"
    assert data["publisher"]["@type"] == "Organization"


def test_related_questions_show_only_visible_articles(client, editor, board_member):
    article = approved_article(editor, board_member)
    seen = article_in_state("submitted", editor=editor, board=board_member, title="Seen?")
    hidden = article_in_state("draft", editor=editor, board=board_member, title="Hidden?")
    article_services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version,
        related_articles=[seen, hidden],
    )  # fmt: skip
    html = client.get(article.get_absolute_url()).text
    assert "Related questions" in html
    assert f'<a href="{seen.get_absolute_url()}">Seen?</a>' in html
    assert "Hidden?" not in html


# --- statuses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state,step", [("submitted", "Submitted"), ("under_review", "Under Review")]
)
def test_pending_articles_are_public_with_banner_and_real_step(
    client, editor, board_member, state, step
):
    article = article_in_state(state, editor=editor, board=board_member)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert f"Review status: {step}" in html
    assert (
        "<strong>Educational purpose only</strong> • this content is pending review by our "
        "Medical Advisory Board." in html
    )
    assert "Medically reviewed by" not in html and "Next review due" not in html
    assert "lastReviewed" not in json.dumps(_jsonld(html))


@pytest.mark.parametrize("state", ["submitted", "under_review", "changes_requested"])
def test_setting_hides_pending_articles(client, editor, board_member, settings, state):
    settings.ARTICLES_SHOW_PENDING = False
    article = article_in_state(state, editor=editor, board=board_member)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_sent_back_article_stays_at_its_url_under_review_with_submitted_text(
    client, editor, board_member
):
    article = article_in_state("under_review", editor=editor, board=board_member)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    with article_services.board_decision():
        article_services.article_request_changes(article=article, actor=board_member)
    article.refresh_from_db()
    article_services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version,
        body="Half-written new text.",
    )  # fmt: skip
    response = client.get(url)
    assert response.status_code == 200
    assert "Review status: Under Review" in response.text
    assert "pending review by our Medical Advisory Board" in response.text
    assert "Some evidence." in response.text  # the text as submitted
    assert "Half-written" not in response.text


def test_drafts_are_not_found_and_archived_articles_are_gone(
    client, editor, board_member, admin_user
):
    draft = article_in_state("draft", editor=editor, board=board_member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    archived = article_in_state("archived", editor=editor, board=board_member, admin=admin_user)
    response = client.get(archived.get_absolute_url())
    assert response.status_code == 410
    assert "This article has been withdrawn" in response.text
    approved = approved_article(editor, board_member)
    article_services.article_archive(article=approved, actor=admin_user)
    assert client.get(approved.get_absolute_url()).status_code == 410
    assert client.get("/articles/no-such-article/").status_code == 404


def test_revision_keeps_the_approved_text_for_readers(client, editor, board_member):
    article = approved_article(editor, board_member)
    article_services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    article_services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version,
        body="Rewritten draft.", title="A new draft title?",
    )  # fmt: skip
    html = client.get(article.get_absolute_url()).text
    assert "Review status: Approved" in html
    assert "Paragraph 1 says something" in html
    assert "Rewritten draft" not in html and "A new draft title?" not in html


# --- cost -------------------------------------------------------------------------------


def _queries_for(client, url, django_assert_max_num_queries, settings, n):
    settings.READERS_CACHE_SECONDS = 0
    with django_assert_max_num_queries(n):
        assert client.get(url).status_code == 200


def test_query_count_does_not_grow_with_versions_reviewers_comments_citations(
    client, editor, board_member, board_member2, settings, django_assert_max_num_queries
):
    small = approved_article(editor, board_member, n_refs=1, prefix="s", title="Small?")
    big = approved_article(editor, board_member, n_refs=30, prefix="big", title="Big?")
    for round_ in range(3):  # more versions, each approved again, by two members
        article_services.article_revise(article=big, actor=editor)
        big.refresh_from_db()
        article_services.article_update(
            article=big, actor=editor, expected_lock_version=big.lock_version,
            body=big.body + f"\nRound {round_}.\n",
        )  # fmt: skip
        big = article_services.article_submit(
            article=big, actor=editor, change_kind="minor", change_note=f"Round {round_}."
        )
        member_for(board_member2, display_name="Sam Smith", credentials="MD, PhD")
        approve(big, board_member)
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from articles.models import Topic  # noqa: PLC0415

    for i in range(3):  # topics and related questions (approved and pending) on the big one
        big.topics.add(Topic.objects.create(name=f"Topic {i}", slug=f"topic-{i}"))
        big.related_articles.add(
            approved_article(editor, board_member, prefix=f"r{i}", title=f"Related {i}?"),
            article_in_state("submitted", editor=editor, board=board_member, title=f"Pend {i}?"),
        )
    settings.READERS_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as small_q:
        client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as big_q:
        client.get(big.get_absolute_url())
    assert len(big_q) == len(small_q)
    page = client.get(big.get_absolute_url()).text
    assert page.count('<a href="/articles/') >= 6 and "Topic 2" in page  # they are shown
    # The article with its newest live version, its history, related questions, topics.
    _queries_for(client, big.get_absolute_url(), django_assert_max_num_queries, settings, 4)


def test_a_cached_page_costs_no_query_and_a_new_approval_changes_it(
    client, editor, board_member, django_assert_num_queries
):
    article = approved_article(editor, board_member)
    url = article.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    # A new approved version: the key changes, readers see the new text at once.
    article_services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    article_services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version,
        body=article.body + "\nNewly approved sentence.\n",
    )  # fmt: skip
    assert "Newly approved sentence" not in client.get(url).text
    article = article_services.article_submit(
        article=article, actor=editor, change_kind="update", change_note="A new sentence."
    )
    approve(article, board_member)
    assert "Newly approved sentence" in client.get(url).text
