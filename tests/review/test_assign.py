"""Assigning board members: who may, to what, and the refusals that change nothing."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from articles.models import ArticleStatus, StateChange
from review import services
from review.exceptions import ReviewerNotEligible, ReviewForbidden, ReviewRefused
from review.models import AssignmentState, ConflictOfInterest, EventKind, ReviewAssignment
from tests.articles.factories import UserFactory, article_in_state
from tests.review.factories import BoardMemberFactory

S = ArticleStatus


def state_of(article):
    article.refresh_from_db()
    return (
        article.status,
        article.lock_version,
        StateChange.objects.filter(article=article).count(),
        ReviewAssignment.objects.filter(article=article).count(),
    )


def test_first_assignment_starts_the_review_and_names_who_assigned(
    submitted, member, editor2, run_on_commit
):
    with time_machine.travel(dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        assignment = run_on_commit(
            services.review_assign, article=submitted, reviewer=member, actor=editor2
        )
    submitted.refresh_from_db()
    assert submitted.status == S.UNDER_REVIEW
    change = submitted.state_changes.last()
    assert (change.transition, change.actor) == ("start_review", editor2)
    assert "Jane Roe assigned" in change.comment
    assert assignment.state == AssignmentState.PENDING
    assert assignment.assigned_by == editor2
    assert assignment.due_date == dt.date(2027, 3, 16)  # REVIEW_DEFAULT_DUE_DAYS = 14
    event = submitted.review_events.get()
    assert (event.kind, event.actor) == (EventKind.ASSIGNED, editor2)


def test_second_assignment_keeps_the_article_under_review(assigned, member2, admin_user):
    article = assigned.article
    services.review_assign(article=article, reviewer=member2, actor=admin_user)
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW
    assert article.state_changes.filter(transition="start_review").count() == 1
    assert article.assignments.pending().count() == 2


def test_due_date_can_be_chosen_but_not_in_the_past(submitted, member, admin_user):
    before = state_of(submitted)
    with pytest.raises(ReviewRefused, match="due date is in the past"):
        services.review_assign(
            article=submitted, reviewer=member, actor=admin_user, due_date=dt.date(2000, 1, 1)
        )
    assert state_of(submitted) == before
    due = timezone.localdate() + dt.timedelta(days=3)
    assignment = services.review_assign(
        article=submitted, reviewer=member, actor=admin_user, due_date=due
    )
    assert assignment.due_date == due


def test_an_author_is_never_assigned_to_review_their_own_article(editor, admin_user):
    writer = UserFactory(role="Advisory Board", first_name="Wanda", last_name="Writer")
    writer.groups.add(*editor.groups.all())  # a board member who also writes
    article = article_in_state(S.SUBMITTED, editor=writer, board=writer)
    own = BoardMemberFactory(user=writer, display_name="Wanda Writer")
    before = state_of(article)
    with pytest.raises(ReviewerNotEligible, match="Wanda Writer wrote this article and cannot"):
        services.review_assign(article=article, reviewer=own, actor=admin_user)
    assert state_of(article) == before


def test_a_member_with_a_declared_conflict_cannot_be_assigned(submitted, member, admin_user):
    ConflictOfInterest.objects.create(
        member=member,
        article=submitted,
        description="Consults for the drug's maker",
        declared_by=admin_user,
    )
    before = state_of(submitted)
    with pytest.raises(
        ReviewerNotEligible,
        match=r"declared a conflict of interest for this article \(Consults for the drug's",
    ):
        services.review_assign(article=submitted, reviewer=member, actor=admin_user)
    assert state_of(submitted) == before


def test_an_inactive_member_cannot_be_assigned(submitted, admin_user):
    retired = BoardMemberFactory(display_name="Old Timer", is_active=False)
    with pytest.raises(ReviewerNotEligible, match="Old Timer is not an active board member"):
        services.review_assign(article=submitted, reviewer=retired, actor=admin_user)
    assert submitted.assignments.count() == 0


def test_a_profile_without_the_board_role_cannot_be_assigned(submitted, admin_user):
    nobody = BoardMemberFactory(user=UserFactory(), display_name="No Role")
    with pytest.raises(ReviewerNotEligible, match="does not have the Advisory Board role"):
        services.review_assign(article=submitted, reviewer=nobody, actor=admin_user)


def test_board_members_and_outsiders_cannot_assign(submitted, member, member2, outsider):
    for actor in (member2.user, outsider):
        before = state_of(submitted)
        with pytest.raises(ReviewForbidden, match="Your role does not allow you to assign"):
            services.review_assign(article=submitted, reviewer=member, actor=actor)
        assert state_of(submitted) == before


def test_the_author_does_not_choose_their_own_reviewers(submitted, member, editor):
    before = state_of(submitted)
    with pytest.raises(ReviewForbidden, match="You wrote this article, so another editor"):
        services.review_assign(article=submitted, reviewer=member, actor=editor)
    assert state_of(submitted) == before


def test_a_draft_must_be_submitted_first(draft, member, admin_user):
    with pytest.raises(ReviewRefused, match="the article is draft.*Submit it first"):
        services.review_assign(article=draft, reviewer=member, actor=admin_user)


def test_a_member_is_not_assigned_twice(assigned, member, admin_user):
    with pytest.raises(ReviewerNotEligible, match="Jane Roe is already assigned"):
        services.review_assign(article=assigned.article, reviewer=member, actor=admin_user)
    assert assigned.article.assignments.count() == 1


def test_withdraw_and_decline(assigned, member2, admin_user, board_member):
    article = assigned.article
    with pytest.raises(ReviewForbidden, match="only they can decline"):
        services.review_decline(assignment=assigned, actor=admin_user, reason="busy")
    with pytest.raises(ReviewRefused, match="Say why"):
        services.review_decline(assignment=assigned, actor=board_member, reason=" ")
    declined = services.review_decline(
        assignment=assigned, actor=board_member, reason="I advise the author", conflict=True
    )
    assert declined.state == AssignmentState.DECLINED
    assert ConflictOfInterest.objects.filter(member=assigned.reviewer, article=article).exists()
    with pytest.raises(ReviewerNotEligible, match="conflict of interest"):
        services.review_assign(article=article, reviewer=assigned.reviewer, actor=admin_user)

    other = services.review_assign(article=article, reviewer=member2, actor=admin_user)
    with pytest.raises(ReviewForbidden):
        services.review_withdraw(assignment=other, actor=member2.user, reason="no")
    withdrawn = services.review_withdraw(assignment=other, actor=admin_user, reason="Wrong field")
    assert (withdrawn.state, withdrawn.closed_by) == (AssignmentState.WITHDRAWN, admin_user)
    with pytest.raises(ReviewRefused, match="already withdrawn"):
        services.review_withdraw(assignment=other, actor=admin_user, reason="again")
