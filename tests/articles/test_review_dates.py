"""'Last reviewed' and 'next review due' move only on approval; an edit is not a review."""

import datetime as dt

import time_machine

from articles import services
from articles.models import ArticleStatus
from tests.articles.factories import ArticleFactory, approve_through_board, article_in_state

APPROVAL_DAY = dt.datetime(2026, 2, 10, 15, 30, tzinfo=dt.UTC)


def approve(article, board_member):
    return approve_through_board(article, board_member)


def test_approval_stamps_last_reviewed_and_schedules_the_next_review(editor, board_member):
    article = article_in_state(ArticleStatus.UNDER_REVIEW, editor=editor, board=board_member)
    with time_machine.travel(APPROVAL_DAY, tick=False):
        approve(article, board_member)
    article.refresh_from_db()
    assert article.last_reviewed_at == APPROVAL_DAY
    assert article.next_review_due == dt.date(2029, 2, 10)  # default 36 months


def test_a_shorter_interval_for_fast_moving_topics(editor, board_member):
    article = article_in_state(
        ArticleStatus.UNDER_REVIEW, editor=editor, board=board_member, review_interval_months=12
    )
    with time_machine.travel(APPROVAL_DAY, tick=False):
        approve(article, board_member)
    article.refresh_from_db()
    assert article.next_review_due == dt.date(2027, 2, 10)


def test_month_end_approval_lands_on_the_last_day_of_the_due_month(editor, board_member):
    article = article_in_state(
        ArticleStatus.UNDER_REVIEW, editor=editor, board=board_member, review_interval_months=1
    )
    with time_machine.travel(dt.datetime(2026, 1, 31, 12, tzinfo=dt.UTC), tick=False):
        approve(article, board_member)
    article.refresh_from_db()
    assert article.next_review_due == dt.date(2026, 2, 28)


def test_new_articles_have_not_been_reviewed(editor):
    article = ArticleFactory(author=editor)
    assert article.last_reviewed_at is None
    assert article.next_review_due is None
    assert article.review_interval_months == 36


def test_edits_and_other_transitions_are_not_reviews(editor, board_member):
    article = article_in_state(ArticleStatus.UNDER_REVIEW, editor=editor, board=board_member)
    with time_machine.travel(APPROVAL_DAY, tick=False):
        approve(article, board_member)
    later = APPROVAL_DAY + dt.timedelta(days=90)
    with time_machine.travel(later, tick=False):
        article.refresh_from_db()
        services.article_revise(article=article, actor=editor)
        article.refresh_from_db()
        services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
            body="Revised.",
        )
        article.refresh_from_db()
        services.article_submit(
            article=article, actor=editor, change_kind="minor", change_note="Reworded."
        )
    article.refresh_from_db()
    assert article.content_updated_at == later
    assert article.last_reviewed_at == APPROVAL_DAY
    assert article.next_review_due == dt.date(2029, 2, 10)
