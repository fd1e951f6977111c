"""A decision applies to the text on the reviewer's screen, or to nothing.

The reproduction: a board member opens the review page; an editor appends "INSERTED:
double the dose." in the admin; the member, still looking at the old text, approves.
Before the fix that published the inserted sentence under the member's name.
"""

import re

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.exceptions import ContentChanged
from articles.models import ArticleStatus, PublishedVersion
from articles.substance import content_hash_of
from review import services
from review.models import AssignmentState, EventKind, ReviewAssignment, ReviewEvent
from tests.review.test_views import footprint

INSERTED = "INSERTED: double the dose."


def _shown(client, article):
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    hash_ = re.search(r'name="seen_content_hash" value="([0-9a-f]{64})"', page).group(1)
    version = int(re.search(r'name="seen_version" value="(\d+)"', page).group(1))
    return page, hash_, version


def _editor_inserts(article, editor):
    article.refresh_from_db()
    return article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body=article.body + "\n\n" + INSERTED,
    )


def test_the_reproduction_through_the_views_refuses_and_shows_the_changes(
    assigned, board_member, editor, client
):
    article = assigned.article
    client.force_login(board_member)
    page, seen_hash, seen_version = _shown(client, article)
    assert f"applies to v{seen_version} exactly" in page
    _editor_inserts(article, editor)
    before = footprint(article)

    response = client.post(
        reverse("review:decide", args=[assigned.pk]),
        {
            "decision": "approve",
            "comment": "Looks right.",
            "seen_content_hash": seen_hash,
            "seen_version": seen_version,
        },
        follow=True,
    )
    html = response.content.decode()
    assert (
        f"The text changed since you opened it (version {seen_version} → {seen_version + 1}): "
        "review the changes, then decide." in html
    )
    # The page now shows what changed since the version they had open.
    assert f"the version you had open (v{seen_version})" in html
    assert "INSERTED: double the dose.</ins>" in html
    # Nothing changed: not published, the assignment still pending, no event recorded.
    assert footprint(article) == before
    assert not PublishedVersion.objects.filter(article=article).exists()
    assignment = ReviewAssignment.objects.get(pk=assigned.pk)
    assert assignment.state == AssignmentState.PENDING and assignment.decision == ""


def test_the_reproduction_through_the_service(assigned, board_member, editor):
    article = assigned.article
    article.refresh_from_db()
    seen_hash, seen_version = content_hash_of(article), article.text_version
    _editor_inserts(article, editor)
    with pytest.raises(ContentChanged) as refused:
        services.review_decide(
            assignment=assigned,
            actor=board_member,
            decision="approve",
            seen_content_hash=seen_hash,
            seen_version=seen_version,
        )
    assert str(refused.value) == (
        f"The text changed since you opened it (version {seen_version} → {seen_version + 1}): "
        "review the changes, then decide. Nothing was recorded."
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.UNDER_REVIEW
    assert not article.published_versions.exists()
    assert ReviewAssignment.objects.get(pk=assigned.pk).state == AssignmentState.PENDING


def test_a_request_for_changes_on_stale_text_is_refused_too(assigned, board_member, editor):
    article = assigned.article
    article.refresh_from_db()
    seen_hash = content_hash_of(article)
    _editor_inserts(article, editor)
    with pytest.raises(ContentChanged, match="review the changes, then decide"):
        services.review_decide(
            assignment=assigned,
            actor=board_member,
            decision="request_changes",
            comment="Fix it.",
            seen_content_hash=seen_hash,
            seen_version=article.text_version,
        )
    article.refresh_from_db()
    assert article.status == ArticleStatus.UNDER_REVIEW


def test_a_decision_on_the_text_shown_is_recorded_with_its_version(assigned, board_member, client):
    article = assigned.article
    client.force_login(board_member)
    _page, seen_hash, seen_version = _shown(client, article)
    client.post(
        reverse("review:decide", args=[assigned.pk]),
        {"decision": "approve", "seen_content_hash": seen_hash, "seen_version": seen_version},
    )
    assignment = ReviewAssignment.objects.get(pk=assigned.pk)
    assert assignment.decision == "approve"
    assert (assignment.content_hash, assignment.text_version) == (seen_hash, seen_version)
    published = PublishedVersion.objects.get(article=article)
    assert published.content_hash == seen_hash and published.text_version == seen_version
    decided = ReviewEvent.objects.get(article=article, kind=EventKind.DECIDED)
    assert f"(v{seen_version}, SHA-256 {seen_hash[:12]}…)" in decided.message


def test_a_post_without_the_shown_version_is_refused(assigned, board_member, client):
    client.force_login(board_member)
    before = footprint(assigned.article)
    response = client.post(
        reverse("review:decide", args=[assigned.pk]), {"decision": "approve"}, follow=True
    )
    assert "This page is out of date or incomplete: reload it" in response.content.decode()
    assert footprint(assigned.article) == before


def test_an_approval_through_the_articles_service_checks_the_seen_text_too(
    assigned, board_member, editor
):
    """Any other path that vouches for content (the articles service the admin would use)."""
    article = assigned.article
    article.refresh_from_db()
    seen_hash, seen_version = content_hash_of(article), article.text_version
    _editor_inserts(article, editor)
    article.refresh_from_db()
    with (
        article_services.board_decision(),
        pytest.raises(ContentChanged, match=r"\(version \d+ → \d+\)"),
    ):
        article_services.article_approve(
            article=article,
            actor=board_member,
            seen_content_hash=seen_hash,
            seen_version=seen_version,
        )
    article.refresh_from_db()
    assert article.status == ArticleStatus.UNDER_REVIEW


def test_a_resubmission_from_a_stale_page_is_refused(editor, editor2):
    article = article_services.article_create(actor=editor, title="Q?", body="Text.")
    seen_hash, seen_version = content_hash_of(article), article.text_version
    article_services.article_update(
        article=article,
        actor=editor2,
        expected_lock_version=article.lock_version,
        body="Other text.",
    )
    article.refresh_from_db()
    with pytest.raises(ContentChanged, match=r"\(version 1 → 2\): review the changes, then submit"):
        article_services.article_submit(
            article=article, actor=editor, seen_content_hash=seen_hash, seen_version=seen_version
        )
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    article_services.article_submit(
        article=article,
        actor=editor,
        seen_content_hash=content_hash_of(article),
        seen_version=article.text_version,
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


def test_version_numbers_move_only_with_the_text(editor):
    article = article_services.article_create(actor=editor, title="Q?", body="One.")
    assert article.version_name() == "v1"
    article = article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        review_interval_months=6,
    )
    assert article.text_version == 1  # metadata is not a new version
    article = article_services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version, body="Two."
    )
    assert article.version_name() == "v2"
    article = article_services.article_submit(article=article, actor=editor)
    assert article.text_version == 2  # a state change keeps the number
    assert list(article.history.values_list("text_version", flat=True)) == [2, 2, 1, 1]


def test_a_resubmission_from_a_stale_admin_page_is_refused(client, editor, editor2):
    article = article_services.article_create(actor=editor, title="Q?", body="Text.")
    url = reverse("admin:articles_article_transition", args=[article.pk, "submit"])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "its text is v1" in page
    seen_hash = re.search(r'name="seen_content_hash" value="([0-9a-f]{64})"', page).group(1)
    article_services.article_update(
        article=article,
        actor=editor2,
        expected_lock_version=article.lock_version,
        body="Other text.",
    )
    response = client.post(
        url, {"comment": "", "seen_content_hash": seen_hash, "seen_version": 1}, follow=True
    )
    assert "The text changed since you opened it (version 1 → 2)" in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
