"""Helpers shared by the review services (locks, eligibility, closing assignments)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import Article, ArticleStatus

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


# --- helpers -------------------------------------------------------------------------


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "the system"


def _require(actor, perm: str, what: str) -> None:
    if not (actor and actor.is_active and actor.has_perm(perm)):
        raise ReviewForbidden(f"Your role does not allow you to {what}.")


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
    if not user.has_perm("articles.approve_article"):
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


def _create_assignment(
    *,
    article: Article,
    member: BoardMember,
    assigned_by,
    due_date: date,
    comment: str = "",
    previous: ReviewAssignment | None = None,
) -> ReviewAssignment:
    assignment = ReviewAssignment(
        article=article,
        reviewer=member,
        assigned_by=assigned_by,
        due_date=due_date,
        comment="",
        previous=previous,
    )
    assignment.full_clean(validate_constraints=False)
    assignment.save()
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
