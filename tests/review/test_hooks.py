"""The review follows the article inside the article action's own transaction.

The rules run as ``review.extensions.ReviewArticleExtension`` before the article action
commits (no on-commit callback is run in these tests), and a failure in one rolls the
whole action back.
"""

import pytest

from articles import services as article_services
from articles.models import ArticleStatus
from articles.substance import content_hash_of
from review import services
from review.models import AssignmentState, Decision, EventKind, ReviewAssignment
from tests.review.helpers import edit

S = ArticleStatus


def footprint(article):
    article.refresh_from_db()
    return (
        article.status,
        article.lock_version,
        article.title,
        content_hash_of(article),
        article.state_changes.count(),
        list(ReviewAssignment.objects.filter(article=article).values_list("state", "stale_at")),
        article.review_events.count(),
    )


def test_the_review_follows_the_article_through_the_listed_extension(settings):
    from articles import extensions
    from review.extensions import ReviewArticleExtension

    listed = [type(ext) for ext in extensions.extensions()]
    assert ReviewArticleExtension in listed
    # Citations are re-synced before approvals are marked stale: the hash covers them.
    assert listed.index(ReviewArticleExtension) > [c.__name__ for c in listed].index(
        "ReferencesExtension"
    )


def test_an_edit_marks_approvals_stale_in_the_same_transaction(
    assigned, member2, admin_user, board_member, editor, django_capture_on_commit_callbacks
):
    article = assigned.article
    services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    services.review_assign(article=article, reviewer=member2, actor=admin_user)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    with django_capture_on_commit_callbacks(execute=False):
        edit(article, editor, body="## From the Research\n\nNewer evidence.\n")
        assigned.refresh_from_db()
        assert assigned.is_stale  # before any on-commit callback ran
        again = article.assignments.pending().get(reviewer=assigned.reviewer)
        assert again.previous == assigned


def test_a_failing_hook_rolls_the_article_action_back(
    assigned, member2, admin_user, board_member, editor, monkeypatch
):
    article = assigned.article
    services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    services.review_assign(article=article, reviewer=member2, actor=admin_user)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    before = footprint(article)

    def broken(**kwargs):
        raise RuntimeError("the review could not be updated")

    monkeypatch.setattr(services, "review_mark_stale", broken)
    with pytest.raises(RuntimeError, match="the review could not be updated"):
        edit(article, editor, body="## From the Research\n\nNewer evidence.\n")
    assert footprint(article) == before  # the edit did not happen either


def test_revert_marks_approvals_of_the_current_text_stale(
    assigned, member2, admin_user, board_member, editor
):
    article = assigned.article
    first_version = article.history.order_by("history_id").first().history_id
    edit(article, editor, body="## From the Research\n\nNewer evidence.\n")
    services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    services.review_assign(article=article, reviewer=member2, actor=admin_user)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    article.refresh_from_db()
    article_services.article_revert(article=article, actor=editor, history_id=first_version)
    assigned.refresh_from_db()
    assert assigned.is_stale
    assert article.review_events.filter(kind=EventKind.STALE, assignment=assigned).exists()


def test_resubmission_resumes_the_review_in_the_same_transaction(
    assigned, board_member, editor, django_capture_on_commit_callbacks
):
    services.review_decide(
        assignment=assigned,
        actor=board_member,
        decision=Decision.REQUEST_CHANGES,
        comment="Cite the 2023 guideline.",
    )
    article = assigned.article
    edit(article, editor, body="## From the Research\n\nThe 2023 guideline.\n")
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        article_services.article_submit(article=article, actor=editor)
        article.refresh_from_db()
        assert article.status == S.UNDER_REVIEW
        again = article.assignments.pending().get()
        assert again.previous == assigned


def test_archiving_closes_pending_assignments(assigned, admin_user):
    article = assigned.article
    article_services.article_archive(article=article, actor=admin_user)
    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.WITHDRAWN
    assert assigned.closed_reason == "the article was archived."
