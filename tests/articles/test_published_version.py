"""Approval freezes what readers see; a revision never changes it until it is approved."""

import datetime as dt

import pytest
import time_machine

from articles import services
from articles.models import ArticleStatus, PublishedVersion
from articles.substance import content_hash_of
from readers.selectors import article_page
from tests.articles.factories import approve_through_board, article_in_state


def walk(article, *steps):
    for name, actor in steps:
        article.refresh_from_db()
        with services.board_decision():
            result = services.article_apply_transition(
                article=article, actor=actor, transition=name
            )
    article.refresh_from_db()
    return result


def test_approval_freezes_the_exact_text_with_hash_and_reference(editor, board_member):
    article = article_in_state(ArticleStatus.UNDER_REVIEW, editor=editor, board=board_member)
    with time_machine.travel(dt.datetime(2026, 5, 1, tzinfo=dt.UTC), tick=False):
        version = approve_through_board(article, board_member)
    article.refresh_from_db()
    assert version.approval_reference == "MAB-2026-0001"
    assert version.title == article.title
    assert version.body == article.body
    assert version.content_hash == content_hash_of(article)
    assert len(version.content_hash) == 64
    assert version.history_id == article.history.first().history_id
    assert version.approved_by == board_member
    assert "<h2>From the Research</h2>" in version.body_html


def test_approval_references_count_up_within_a_year(editor, board_member):
    refs = []
    for _ in range(3):
        article = article_in_state(ArticleStatus.UNDER_REVIEW, editor=editor, board=board_member)
        with time_machine.travel(dt.datetime(2027, 1, 2, tzinfo=dt.UTC), tick=False):
            refs.append(approve_through_board(article, board_member))
    assert [v.approval_reference for v in refs] == [
        "MAB-2027-0001",
        "MAB-2027-0002",
        "MAB-2027-0003",
    ]


def test_readers_keep_the_approved_version_while_a_revision_is_in_progress(editor, board_member):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    approved_body = article.body
    walk(article, ("revise", editor))
    services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version,
        title="A revised question?", body="Revised text that is not yet reviewed.",
        change_kind="update", change_note="New question.",
    )  # fmt: skip
    walk(article, ("submit", editor), ("start_review", board_member))

    page = article_page(slug=article.slug)
    assert page.approved
    assert page.title != "A revised question?"
    assert "Some evidence." in page.body_html and "Some evidence." in approved_body
    assert "not yet reviewed" not in page.body_html

    second = approve_through_board(article, board_member)
    page = article_page(slug=article.slug)
    assert page.title == "A revised question?"
    assert "not yet reviewed" in page.body_html
    assert page.approval_reference == second.approval_reference
    assert PublishedVersion.objects.filter(article=article).count() == 2


def test_published_versions_cannot_be_deleted_through_their_article(editor, board_member):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    with pytest.raises(Exception, match="never deleted"):
        article.delete()
    assert PublishedVersion.objects.filter(article=article).exists()


def test_a_published_version_is_never_changed_or_deleted(editor, board_member):
    from articles.exceptions import PublishedVersionFrozen

    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    version = article.published_versions.get()
    version.title = "Quietly changed"
    for attempt in (
        version.save,
        version.delete,
        lambda: PublishedVersion.objects.filter(pk=version.pk).update(title="x"),
        lambda: PublishedVersion.objects.filter(pk=version.pk).delete(),
    ):
        with pytest.raises(PublishedVersionFrozen, match="An approved version is frozen"):
            attempt()
    assert PublishedVersion.objects.get(pk=version.pk).title == article.title
