"""Helpers shared by the review services (locks, eligibility, closing assignments)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import Article, ArticleStatus
from articles.permissions import require

from ..exceptions import ReviewConflict, ReviewForbidden
from ..models import (
    AssignmentState,
    BoardMember,
    ConflictOfInterest,
    EventKind,
    ReviewAssignment,
    ReviewEvent,
)
from .notifications import notify_each

S = ArticleStatus
ASSIGNABLE_STATES = (S.SUBMITTED, S.UNDER_REVIEW, S.CHANGES_REQUESTED)
IN_REVIEW_STATES = (S.SUBMITTED, S.UNDER_REVIEW)
# What the Advisory Board role lets a member do with an article: both are needed to review.
BOARD_PERMISSIONS = ("articles.approve_article", "articles.request_changes_article")


# --- helpers -------------------------------------------------------------------------


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "the system"


def _require(actor, perm: str, what: str) -> None:
    require(actor, perm, what, ReviewForbidden)


def _lock_article(article: Article) -> Article:
    fresh = Article.objects.select_for_update().filter(pk=article.pk).first()
    if fresh is None:
        raise ReviewConflict("This article no longer exists.")
    return fresh


def _lock_assignment(assignment: ReviewAssignment) -> ReviewAssignment:
    fresh = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("reviewer__user", "assigned_by")
        .filter(pk=assignment.pk)
        .first()
    )
    if fresh is None:
        raise ReviewConflict("This assignment no longer exists.")
    return fresh


def _history_id(article: Article) -> int | None:
    return article.history.values_list("history_id", flat=True).first()


def _status_label(status: str) -> str:
    return ArticleStatus(status).label.lower()


def event_record(*, article: Article, kind: str, actor, message: str, **links) -> ReviewEvent:
    return ReviewEvent.objects.create(
        article=article, kind=kind, actor=actor, message=message, **links
    )


def default_due_date() -> date:
    return timezone.localdate() + timedelta(days=settings.REVIEW_DEFAULT_DUE_DAYS)


def _eligibility_problem(member: BoardMember, article: Article) -> str | None:
    """Why ``member`` cannot review ``article`` now, or ``None``."""
    user = member.user
    if not member.is_active or not user.is_active:
        return f"{member.display_name} is not an active board member."
    if not all(user.has_perm(perm) for perm in BOARD_PERMISSIONS):
        return (
            f"{member.display_name}'s account does not have the Advisory Board role; "
            "give it the role first."
        )
    if user.pk == article.author_id:
        return f"{member.display_name} wrote this article and cannot review it."
    conflict = ConflictOfInterest.objects.filter(member=member, article=article).first()
    if conflict is not None:
        return (
            f"{member.display_name} declared a conflict of interest for this article "
            f"({conflict.description}) and cannot review it."
        )
    return None


def _open_assignment(
    *,
    article: Article,
    member: BoardMember,
    assigned_by,
    actor,
    due_date: date,
    note: str = "",
    previous: ReviewAssignment | None = None,
    why: str = "",
) -> ReviewAssignment:
    """Create a pending assignment, record it on the timeline and tell the member.

    The one way an assignment comes to be: assigned by an editor (``review_assign``) or
    asked again after the text changed or the editors answered (``previous`` and ``why``).
    The caller has checked that the member may be assigned.
    """
    assignment = ReviewAssignment(
        article=article,
        reviewer=member,
        assigned_by=assigned_by,
        due_date=due_date,
        previous=previous,
    )
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    note = f" Note: {note}" if note else ""
    deadline = f"Please record your decision by {due_date:%A %d %B %Y}."
    if previous is None:
        kind, subject = EventKind.ASSIGNED, f"Review requested: {article.title}"
        event = f"{member} asked to review, due {due_date:%Y-%m-%d}.{note}"
        message = (
            f"{_name(actor)} asked you to review this article for the Medical Advisory "
            f"Board. {deadline}{note}"
        )
    else:
        kind, subject = EventKind.ASKED_AGAIN, f"Please review again: {article.title}"
        event = f"{member} asked again: {why}."
        message = (
            f"You are asked to review this article again: {why}. Your earlier decision "
            f"no longer counts for the current text. {deadline}"
        )
    event_record(
        article=article,
        kind=kind,
        actor=actor,
        message=event,
        assignment=assignment,
        history_id=_history_id(article),
    )
    notify_each(
        [member.user],
        kind=kind,
        article=article,
        subject=subject,
        message=message,
        assignment=assignment,
    )
    return assignment


def _close(assignment: ReviewAssignment, *, state: str, actor, reason: str) -> None:
    assignment.state = state
    assignment.closed_reason = reason
    assignment.closed_at = timezone.now()
    assignment.closed_by = actor
    assignment.full_clean(validate_constraints=False)
    assignment.save()


def _withdraw(assignment: ReviewAssignment, *, actor, reason: str, notify: bool = True) -> None:
    _close(assignment, state=AssignmentState.WITHDRAWN, actor=actor, reason=reason)
    event_record(
        article=assignment.article,
        kind=EventKind.WITHDRAWN,
        actor=actor,
        message=f"Assignment of {assignment.reviewer} withdrawn: {reason}",
        assignment=assignment,
    )
    if notify:
        notify_each(
            [assignment.reviewer.user],
            kind="withdrawn",
            article=assignment.article,
            subject=f"Review no longer needed: {assignment.article.title}",
            message=f"Your review of this article is no longer needed: {reason}",
        )
