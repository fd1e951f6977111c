"""Home (list, search, topics, pages), advisory board, editorial policy, sitemap, robots."""

from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from articles import services as article_services
from articles.models import Article, Topic
from readers import services
from readers.exceptions import TriageRefused
from readers.models import PolicyPage
from readers.selectors import PAGE_SIZE
from tests.articles.factories import UserFactory, approve_through_board, article_in_state
from tests.freshness.helpers import reapprove
from tests.readers.helpers import approved_article, member_for


def test_home_lists_approved_articles_newest_review_first(
    client, editor, board_member, time_machine
):
    time_machine.move_to("2026-01-01")
    older = approved_article(editor, board_member, prefix="o", title="Older question?")
    time_machine.move_to("2026-03-01")
    newer = approved_article(editor, board_member, prefix="n", title="Newer question?")
    pending = article_in_state("submitted", editor=editor, board=board_member, title="Pending?")
    draft = article_in_state("draft", editor=editor, board=board_member, title="Drafty?")
    html = client.get("/").text
    assert html.index("Newer question?") < html.index("Older question?")
    assert "Pending?" in html.split('id="pending-h"')[1]  # listed apart, as pending
    assert "Drafty?" not in html
    assert older.get_absolute_url() in html and newer.get_absolute_url() in html
    assert draft.get_absolute_url() not in html and pending.get_absolute_url() in html


def test_home_does_not_load_bodies_and_costs_the_same_for_more_articles(
    client, editor, board_member, settings, django_assert_max_num_queries
):
    settings.READERS_CACHE_SECONDS = 0
    for i in range(3):
        approved_article(editor, board_member, prefix=f"a{i}", title=f"Question {i}?")
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for i in range(3, 8):
        approved_article(editor, board_member, prefix=f"a{i}", title=f"Question {i}?")
    with CaptureQueriesContext(connection) as more:
        client.get("/")
    assert len(few) == len(more) <= 4  # page (with one more row), titles, pending, topics
    assert not any("COUNT(" in q["sql"] for q in more.captured_queries)
    for query in more.captured_queries:
        assert '"body_html"' not in query["sql"] and '"references"' not in query["sql"]
        assert '"body"' not in query["sql"]


def test_search_and_topic_filter(client, editor, board_member):
    infection = Topic.objects.create(name="Infection", slug="infection")
    a = approved_article(editor, board_member, prefix="x", title="How is pyomyositis treated?",
                         topics=[infection])  # fmt: skip
    approved_article(editor, board_member, prefix="y", title="What is bursitis?")
    html = client.get("/?q=pyomyositis").text
    assert "How is pyomyositis treated?" in html and "What is bursitis?" not in html
    html = client.get("/?topic=infection").text
    assert "How is pyomyositis treated?" in html and "What is bursitis?" not in html
    assert 'aria-current="page">Infection' in html
    assert "No reviewed answer matches" in client.get("/?q=zebra").text
    assert f'href="{a.get_absolute_url()}"' in client.get("/?q=pyomyositis").text


def test_search_reads_the_live_text_of_listed_articles_only(
    client, editor, board_member, admin_user
):
    infection = Topic.objects.create(name="Infection", slug="infection")
    in_topic = approved_article(editor, board_member, prefix="t", topics=[infection],
                                title="Is tendinitis an infection?")  # fmt: skip
    approved_article(editor, board_member, prefix="o", title="Is tendinitis an injury?")
    archived = approved_article(editor, board_member, prefix="a", title="Old tendinitis page?")
    article_services.article_archive(article=archived, actor=admin_user)
    html = client.get("/?q=tendinitis").text
    assert "Is tendinitis an infection?" in html and "Is tendinitis an injury?" in html
    assert "Old tendinitis page?" not in html
    html = client.get("/?q=tendinitis&topic=infection").text
    assert "Is tendinitis an infection?" in html and "Is tendinitis an injury?" not in html
    # A revision approved with other words: its words are found, the old version's not.
    in_topic.refresh_from_db()
    article_services.article_revise(article=in_topic, actor=editor)
    in_topic.refresh_from_db()
    article_services.article_update(
        article=in_topic, actor=editor, expected_lock_version=in_topic.lock_version,
        summary="Usually not: rest and physiotherapy.",
    )  # fmt: skip
    in_topic.refresh_from_db()
    article_services.article_submit(
        article=in_topic, actor=editor, change_kind="update", change_note="Summary rewritten."
    )
    approve_through_board(in_topic, board_member)
    assert "Is tendinitis an infection?" in client.get("/?q=physiotherapy").text
    assert "Is tendinitis an infection?" not in client.get("/?q=drainage&topic=infection").text


def _links(html):
    """The page's "Newer" and "Older" query strings (None when absent)."""
    import re

    found = {}
    for rel in ("prev", "next"):
        match = re.search(rf'rel="{rel}" href="([^"]*)"', html)
        found[rel] = match.group(1).replace("&amp;", "&") if match else None
    return found["prev"], found["next"]


def _titles(html):
    import re

    return re.findall(r"<h3><a [^>]*>(Paged \d)\?</a>", html)


def test_pagination_by_key_walks_the_whole_list_both_ways(
    client, editor, board_member, monkeypatch
):
    monkeypatch.setattr("readers.selectors.home.PAGE_SIZE", 2)
    made = [
        approved_article(editor, board_member, prefix=f"p{i}", title=f"Paged {i}?")
        for i in range(5)
    ]
    first = client.get("/").text
    assert "Page 1" in first and _titles(first) == ["Paged 4", "Paged 3"]
    newer, older = _links(first)
    assert newer is None and older == f"?page=2&after={made[3].pk}"
    second = client.get("/" + older).text
    assert "Page 2" in second and _titles(second) == ["Paged 2", "Paged 1"]
    newer, older = _links(second)
    assert newer == "?"  # back to the first page, by its plain address
    third = client.get("/" + older).text
    assert "Page 3" in third and _titles(third) == ["Paged 0"]
    newer, older = _links(third)
    assert older is None  # the fifth article ends the list
    assert newer == f"?page=2&before={made[0].pk}"
    back = client.get("/" + newer).text
    assert "Page 2" in back and _titles(back) == ["Paged 2", "Paged 1"]
    assert _links(back) == ("?", f"?page=3&after={made[1].pk}")


def test_pagination_by_key_within_a_topic(client, editor, board_member, monkeypatch):
    monkeypatch.setattr("readers.selectors.home.PAGE_SIZE", 2)
    topic = Topic.objects.create(name="Skin & nails", slug="skin-nails")
    made = [
        approved_article(
            editor, board_member, prefix=f"t{i}", title=f"Paged {i}?",
            topics=[topic] if i != 2 else [],
        )
        for i in range(5)
    ]  # fmt: skip
    first = client.get("/?topic=skin-nails").text
    assert _titles(first) == ["Paged 4", "Paged 3"]
    _newer, older = _links(first)
    assert older == f"?page=2&after={made[3].pk}&topic=skin-nails"
    second = client.get("/" + older).text
    assert _titles(second) == ["Paged 1", "Paged 0"]  # "Paged 2" is not in the topic
    assert 'aria-current="page">Skin &amp; nails' in second


def test_pagination_old_links_and_nonsense(client, editor, board_member, monkeypatch):
    monkeypatch.setattr("readers.selectors.home.PAGE_SIZE", 2)
    for i in range(5):
        approved_article(editor, board_member, prefix=f"p{i}", title=f"Paged {i}?")
    # A page number alone (a link from before paging by key) still shows that page.
    last = client.get("/?page=3").text
    assert "Page 3" in last and _titles(last) == ["Paged 0"]
    assert _links(last)[1] is None
    # Past the end, or nonsense: a way back, never an error.
    beyond = client.get("/?page=9")
    assert beyond.status_code == 200 and "There are no more answers here." in beyond.text
    assert "Page 1" in client.get("/?page=abc").text
    assert _titles(client.get("/?after=abc").text) == ["Paged 4", "Paged 3"]
    assert _titles(client.get("/?after=-3").text) == ["Paged 4", "Paged 3"]
    gone = client.get("/?page=4&after=9223372036854775807")
    assert gone.status_code == 200 and "There are no more answers here." in gone.text
    # "Newer" from near the top: the first page, whole.
    near_top = client.get(f"/?page=2&before={Article.objects.get(title='Paged 3?').pk}").text
    assert "Page 1" in near_top and _titles(near_top) == ["Paged 4", "Paged 3"]
    assert PAGE_SIZE == 20


def test_an_article_approved_again_between_clicks_is_not_lost_or_repeated(
    client, editor, board_member, monkeypatch
):
    monkeypatch.setattr("readers.selectors.home.PAGE_SIZE", 2)
    for i in range(5):
        approved_article(editor, board_member, prefix=f"p{i}", title=f"Paged {i}?")
    _newer, older = _links(client.get("/").text)
    # Someone approves "Paged 0" again while the reader is on the first page: it moves to
    # the top, and the second page, read by key, neither repeats nor skips the others.
    reapprove(Article.objects.get(title="Paged 0?"), editor=editor, board_user=board_member)
    assert _titles(client.get("/").text) == ["Paged 0", "Paged 4"]
    assert _titles(client.get("/" + older).text) == ["Paged 2", "Paged 1"]


def test_board_page_shows_members_credentials_and_disclosures_with_links_to_their_pages(
    client, editor, board_member, board_member2
):
    member = member_for(board_member, display_name="Jane Roe", credentials="MD, FACP",
                        specialties="rheumatology", bio="Consultant rheumatologist.")  # fmt: skip
    article = approved_article(editor, board_member, title="Reviewed by Jane?")
    inactive = member_for(board_member2, display_name="Gone Member")
    inactive.is_active = False
    inactive.save()
    html = client.get("/advisory-board/").text
    assert f'id="member-{member.pk}"' in html
    assert f'<a href="/advisory-board/{member.pk}/">Jane Roe, MD, FACP</a>' in html
    assert '<abbr title="Doctor of Medicine">MD</abbr>: Doctor of Medicine' in html
    assert "Fellow of the American College of Physicians" in html
    assert "rheumatology" in html and "Consultant rheumatologist." in html
    assert "Speaker fees from Acme." in html
    # The articles each member reviewed are on the member's own page.
    assert article.get_absolute_url() not in html
    assert "Gone Member" not in html
    assert 'class="photo"' in html


def test_member_page_lists_the_articles_they_reviewed(client, editor, board_member, admin_user):
    member = member_for(board_member, display_name="Jane Roe", credentials="MD, FACP")
    article = approved_article(editor, board_member, title="Reviewed by Jane?")
    archived = approved_article(editor, board_member, prefix="gone", title="Archived since?")
    article_services.article_archive(article=archived, actor=admin_user)
    html = client.get(f"/advisory-board/{member.pk}/").text
    assert "<title>Jane Roe: Medical Advisory Board" in html
    assert "Jane Roe, MD, FACP</h1>" in html
    assert "Member of our Medical Advisory Board." in html
    assert "Speaker fees from Acme." in html
    assert f'<a href="{article.get_absolute_url()}">Reviewed by Jane?</a>' in html
    assert "Archived since?" not in html
    assert '<a href="/advisory-board/">Medical Advisory Board</a>' in html


def test_former_member_keeps_a_page_and_unknown_members_have_none(client, editor, board_member):
    member = member_for(board_member, display_name="Gone Member")
    approved_article(editor, board_member, title="Reviewed before leaving?")
    member.is_active = False
    member.save()
    html = client.get(f"/advisory-board/{member.pk}/").text
    assert "No longer a member of our Medical Advisory Board." in html
    assert "Reviewed before leaving?" in html
    for path in (f"/advisory-board/{member.pk + 1000}/", "/advisory-board/abc/",
                 "/advisory-board/9223372036854775808/"):  # fmt: skip
        assert client.get(path).status_code == 404, path


def test_editorial_policy_page_is_written_versioned_and_edited_by_admins(
    client, admin_user, editor, time_machine
):
    html = client.get("/editorial-policy/").text
    assert "<h1>Editorial policy</h1>" in html
    for part in ("How an article is written and reviewed", "Sources", "Corrections"):
        assert part in html
    assert "Last updated:" in html
    page = PolicyPage.objects.get(slug="editorial-policy")
    time_machine.move_to("2027-05-04")
    with pytest.raises(TriageRefused, match="not allow you to edit the editorial policy"):
        services.policy_page_update(page=page, actor=editor, title="x", body="y")
    services.policy_page_update(
        page=page, actor=admin_user, title="Editorial policy", body=page.body + "\nNew rule.\n"
    )
    html = client.get("/editorial-policy/").text
    assert "New rule." in html and "May 4, 2027" in html
    assert page.history.count() >= 1


def test_policy_edited_in_the_admin_keeps_versions(client, admin_user):
    page = PolicyPage.objects.get(slug="editorial-policy")
    client.force_login(admin_user)
    response = client.post(
        f"/admin/readers/policypage/{page.pk}/change/",
        {"title": "Editorial policy", "body": "Short new policy <script>x</script>."},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.updated_by == admin_user
    assert page.history.first().history_change_reason == "policy.update"
    html = client.get("/editorial-policy/").text
    assert "Short new policy" in html and "<script>x" not in html


def test_sitemap_robots_favicon_and_print_styles(client, editor, board_member):
    article = approved_article(editor, board_member)
    pending = article_in_state("submitted", editor=editor, board=board_member)
    index = client.get("/sitemap.xml").text
    assert "<sitemapindex" in index and "http://testserver/sitemap-articles.xml" in index
    xml = client.get("/sitemap-articles.xml").text
    assert f"http://testserver{article.get_absolute_url()}" in xml
    assert "<lastmod>" in xml
    assert pending.get_absolute_url() not in xml
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert (
        "Disallow: /admin/" in robots.text
        and "Sitemap: http://testserver/sitemap.xml" in robots.text
    )
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 302 and favicon["Location"].endswith("favicon.svg")
    from django.contrib.staticfiles import finders  # noqa: PLC0415

    css = Path(finders.find("readers/site.css")).read_text()
    assert "@media print" in css and ":focus-visible" in css


def test_discreet_staff_sign_in_link(client, db):
    html = client.get("/").text
    assert f'href="{reverse("admin:login")}?next=/editorial/" rel="nofollow">Staff sign in' in html


def test_board_change_updates_cached_pages(client, editor, board_member):
    member = member_for(board_member, display_name="Jane Roe")
    assert "Jane Roe" in client.get("/advisory-board/").text
    from review import services as review_services  # noqa: PLC0415

    admin = UserFactory(username="board-admin", is_superuser=True)
    assert "Jane Roe" in client.get(f"/advisory-board/{member.pk}/").text
    review_services.board_member_update(actor=admin, member=member, bio="Newly written bio.")
    assert "Newly written bio." in client.get("/advisory-board/").text
    assert "Newly written bio." in client.get(f"/advisory-board/{member.pk}/").text


def test_searches_and_unknown_addresses_are_not_cached(client, editor, board_member):
    approved_article(editor, board_member)
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    for url in ("/?q=psoas", "/articles/no-such-article/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url)
