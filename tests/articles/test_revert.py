"""Revert: a new version with old content, back to draft, approved text untouched."""

import pytest

from articles import services
from articles.exceptions import ActionForbidden, ArticleError, TransitionRefused
from articles.models import ArticleStatus
from readers.selectors import article_page
from tests.articles.factories import approve_through_board, article_in_state


def edit(article, actor, **changes):
    article.refresh_from_db()
    services.article_update(
        article=article, actor=actor, expected_lock_version=article.lock_version, **changes
    )
    article.refresh_from_db()


def test_revert_makes_a_new_version_with_the_old_content(editor):
    article = services.article_create(actor=editor, title="Q?", body="First text.")
    first = article.history.first().history_id
    edit(article, editor, body="Second text.")
    versions = article.history.count()

    services.article_revert(article=article, actor=editor, history_id=first, comment="Oops")
    article.refresh_from_db()
    assert article.body == "First text."
    assert article.status == ArticleStatus.DRAFT
    assert article.history.count() == versions + 1
    record = article.history.first()
    assert record.history_user == editor
    assert record.history_change_reason.startswith("article.revert (to v1 of ")
    assert record.history_change_reason.endswith(": Oops")
    change = article.state_changes.last()
    assert (change.transition, change.actor) == ("revert", editor)


def test_reverting_an_approved_article_leaves_readers_on_the_approved_version(editor, board_member):
    article = services.article_create(actor=editor, title="Q?", body="Old text.")
    old = article.history.first().history_id
    edit(article, editor, body="Approved text.")
    for name, actor in [("submit", editor), ("start_review", board_member)]:
        with services.board_decision():
            services.article_apply_transition(article=article, actor=actor, transition=name)
        article.refresh_from_db()
    approve_through_board(article, board_member)
    article.refresh_from_db()

    services.article_revert(article=article, actor=editor, history_id=old)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert article.body == "Old text."
    page = article_page(slug=article.slug)
    assert page.approved and "Approved text." in page.body_html


def test_revert_under_review_puts_the_article_back_to_draft(editor, board_member):
    article = article_in_state(ArticleStatus.UNDER_REVIEW, editor=editor, board=board_member)
    first = article.history.last().history_id
    edit(article, editor, body="Changed during review.")
    services.article_revert(article=article, actor=editor, history_id=first)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_revert_to_identical_content_is_refused(editor):
    article = services.article_create(actor=editor, title="Q?", body="Text.")
    before = article.history.count()
    with pytest.raises(TransitionRefused, match="same content as the current one"):
        services.article_revert(
            article=article, actor=editor, history_id=article.history.first().history_id
        )
    assert article.history.count() == before


def test_revert_to_another_articles_version_is_refused(editor):
    article = services.article_create(actor=editor, title="Q?", body="Text.")
    other = services.article_create(actor=editor, title="Other?", body="Other.")
    with pytest.raises(ArticleError, match="is not a version of this article"):
        services.article_revert(
            article=article, actor=editor, history_id=other.history.first().history_id
        )
    article.refresh_from_db()
    assert article.body == "Text."


def test_board_members_cannot_revert(editor, board_member):
    article = services.article_create(actor=editor, title="Q?", body="One.")
    first = article.history.first().history_id
    edit(article, editor, body="Two.")
    with pytest.raises(ActionForbidden, match="revert"):
        services.article_revert(article=article, actor=board_member, history_id=first)
    article.refresh_from_db()
    assert article.body == "Two."


def test_archived_articles_are_restored_before_reverting(editor, admin_user):
    article = services.article_create(actor=editor, title="Q?", body="One.")
    first = article.history.first().history_id
    edit(article, editor, body="Two.")
    services.article_archive(article=article, actor=admin_user)
    article.refresh_from_db()
    with pytest.raises(TransitionRefused, match="it is archived"):
        services.article_revert(article=article, actor=admin_user, history_id=first)
    article.refresh_from_db()
    assert (article.status, article.body) == (ArticleStatus.ARCHIVED, "Two.")
