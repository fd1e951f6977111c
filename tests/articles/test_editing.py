"""Editing the working text: "Last updated" semantics, stale forms, frozen states."""

import datetime as dt

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from articles import services
from articles.exceptions import ActionForbidden, ArticleConflict, TransitionRefused
from articles.models import ArticleStatus
from tests.articles.factories import ArticleFactory, article_in_state

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
T1 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def article(editor):
    with time_machine.travel(T0, tick=False):
        return services.article_create(
            actor=editor, title="What causes a psoas abscess?", body="Initial body."
        )


def edit(article, actor, **changes):
    article.refresh_from_db()
    return services.article_update(
        article=article, actor=actor, expected_lock_version=article.lock_version, **changes
    )


@pytest.mark.parametrize(
    "changes",
    [{"title": "What causes a primary psoas abscess?"}, {"body": "New body."}, {"summary": "New."}],
)
def test_a_change_of_substance_moves_last_updated(article, editor, changes):
    with time_machine.travel(T1, tick=False):
        edit(article, editor, **changes)
    article.refresh_from_db()
    assert article.content_updated_at == T1


@pytest.mark.parametrize(
    "changes", [{"review_interval_months": 12}, {"audience": "patient"}, {"slug": "new-slug"}]
)
def test_metadata_changes_do_not_move_last_updated(article, editor, changes):
    with time_machine.travel(T1, tick=False):
        edit(article, editor, **changes)
    article.refresh_from_db()
    assert article.content_updated_at == T0
    assert article.history.first().history_change_reason == "article.update"


def test_related_questions_do_not_move_last_updated(article, editor):
    other = ArticleFactory(author=editor)
    with time_machine.travel(T1, tick=False):
        edit(article, editor, related_articles=[other])
    article.refresh_from_db()
    assert list(article.related_articles.all()) == [other]
    assert article.content_updated_at == T0


def test_transitions_do_not_move_last_updated(article, editor, board_member):
    with time_machine.travel(T1, tick=False):
        services.article_submit(article=article, actor=editor)
        article.refresh_from_db()
        with services.board_decision():
            services.article_start_review(article=article, actor=board_member)
    article.refresh_from_db()
    assert article.content_updated_at == T0


def test_a_save_that_changes_nothing_writes_nothing(article, editor):
    versions = article.history.count()
    edit(article, editor, title=article.title, body=article.body)
    article.refresh_from_db()
    assert article.history.count() == versions
    assert article.lock_version == 1


def test_every_edit_is_a_version_with_actor_and_reason(article, editor, editor2):
    edit(article, editor2, body="Second body.", comment="Add the secondary causes")
    record = article.history.first()
    assert record.history_user == editor2
    assert record.history_change_reason == "article.update: Add the secondary causes"
    assert record.body == "Second body."
    assert article.history.last().body == "Initial body."


def test_second_editor_from_a_stale_form_gets_a_conflict_and_nothing_is_lost(
    article, editor, editor2
):
    opened_version = article.lock_version  # both editors open the form now
    services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=opened_version,
        body="Editor one's text.",
    )
    with pytest.raises(ArticleConflict, match="was changed by .* after you opened it"):
        services.article_update(
            article=article,
            actor=editor2,
            expected_lock_version=opened_version,
            body="Editor two's text.",
        )
    article.refresh_from_db()
    assert article.body == "Editor one's text."
    assert article.lock_version == opened_version + 1


def test_approved_article_is_frozen_until_a_revision_starts(editor, board_member):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    with pytest.raises(TransitionRefused, match=r"approved and frozen \(body\). Start a revision"):
        edit(article, editor, body="Sneaky change")
    article.refresh_from_db()
    assert article.body != "Sneaky change"
    services.article_revise(article=article, actor=editor)
    edit(article, editor, body="Planned change")
    article.refresh_from_db()
    assert article.body == "Planned change"


def test_archived_article_cannot_be_edited(editor, board_member, admin_user):
    article = article_in_state(
        ArticleStatus.ARCHIVED, editor=editor, board=board_member, admin=admin_user
    )
    with pytest.raises(TransitionRefused, match="archived. Restore it before editing"):
        edit(article, admin_user, body="x")


def test_board_member_cannot_edit(article, board_member):
    with pytest.raises(ActionForbidden, match="Your role does not allow you to edit articles"):
        edit(article, board_member, body="A board member's rewrite")
    article.refresh_from_db()
    assert article.body == "Initial body."


def test_bad_input_is_refused_and_changes_nothing(article, editor):
    with pytest.raises(ValidationError) as error:
        edit(article, editor, title="", review_interval_months=0)
    assert set(error.value.message_dict) == {"title", "review_interval_months"}
    article.refresh_from_db()
    assert article.title == "What causes a psoas abscess?"
    assert article.history.count() == 1


def test_unknown_fields_are_refused(article, editor):
    with pytest.raises(Exception, match="cannot be edited here: status"):
        edit(article, editor, status="approved")


def test_create_makes_a_unique_slug_and_records_the_author(editor):
    first = services.article_create(actor=editor, title="What is pyomyositis?", body="b")
    second = services.article_create(actor=editor, title="What is pyomyositis?", body="b")
    assert (first.slug, second.slug) == ("what-is-pyomyositis", "what-is-pyomyositis-2")
    assert first.author == editor
    assert first.history.first().history_change_reason == "article.create"


def test_only_editors_and_admins_create(board_member):
    with pytest.raises(ActionForbidden, match="create articles"):
        services.article_create(actor=board_member, title="Q?", body="b")


def test_an_article_cannot_be_its_own_related_question(article, editor):
    with pytest.raises(Exception, match="cannot be related to itself"):
        edit(article, editor, related_articles=[article])
    article.refresh_from_db()
    assert not article.related_articles.exists()
    assert article.history.count() == 1


def test_review_interval_and_related_questions_stay_editable_on_an_approved_article(
    editor, board_member
):
    """Shortening the interval of a live article brings its next review forward at once."""
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    other = ArticleFactory(author=editor)
    reviewed = article.last_reviewed_at
    with time_machine.travel(T1, tick=False):
        edit(article, editor, review_interval_months=6, related_articles=[other])
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    assert article.review_interval_months == 6
    assert list(article.related_articles.all()) == [other]
    assert article.last_reviewed_at == reviewed
    assert article.next_review_due == reviewed.date() + relativedelta(months=6)
    assert article.content_updated_at != T1


def test_the_edit_check_is_the_edit_rule(editor, board_member, admin_user, outsider):
    """What ``action_check(…, "edit", …)`` answers is what ``article_update`` enforces."""
    from tests.articles.factories import article_in_state

    archived = article_in_state(
        ArticleStatus.ARCHIVED, editor=editor, board=board_member, admin=admin_user
    )
    verdict = services.action_check(archived, "edit", editor)
    assert not verdict and verdict.reason == "This article is archived. Restore it before editing."
    with pytest.raises(TransitionRefused, match=verdict.reason):
        services.article_update(
            article=archived, actor=editor, expected_lock_version=archived.lock_version, body="x"
        )
    approved = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    assert services.action_check(approved, "edit", editor)  # the scheduling may change
    assert services.editable_fields(approved) == services.METADATA_FIELDS
    refused = services.action_check(approved, "edit", outsider)
    assert refused.reason == "Your role does not allow you to edit articles."
