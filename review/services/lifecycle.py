"""How the review follows the article's life: stale approvals, resubmission, archiving.

Called by ``review.extensions`` inside the article action's own transaction (a failure here
rolls the action back: nothing is left half-done); every function is also idempotent, so
running one again is harmless.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from articles.substance import content_hash_of

from ..models import (
    AssignmentState,
    Decision,
    EventKind,
    ReviewAssignment,
)
from ._common import (
    IN_REVIEW_STATES,
    S,
    _eligibility_problem,
    _history_id,
    _lock_article,
    _open_assignment,
    _withdraw,
    default_due_date,
    event_record,
)


def _ask_again(
    previous: ReviewAssignment, *, article: Article, actor, why: str
) -> ReviewAssignment | None:
    """A new pending assignment for the member of ``previous``; ``None`` if not possible."""
    member = previous.reviewer
    if _eligibility_problem(member, article):
        return None
    if ReviewAssignment.objects.pending().filter(article=article, reviewer=member).exists():
        return None
    return _open_assignment(
        article=article,
        member=member,
        assigned_by=previous.assigned_by,
        actor=actor,
        due_date=default_due_date(),
        previous=previous,
        why=why,
    )


# --- reacting to the article's life (review.extensions, in its txn) ------


def _mark_stale(article: Article, actor) -> list[ReviewAssignment]:
    current = content_hash_of(article)
    stale = list(
        ReviewAssignment.objects.unspent_approvals(article)
        .select_for_update(of=("self",))
        .select_related("reviewer__user", "assigned_by")
        .exclude(content_hash=current)
    )
    now = timezone.now()
    for approval in stale:
        approval.stale_at = now
        approval.save(update_fields=["stale_at"])
        event_record(
            article=article,
            kind=EventKind.STALE,
            actor=actor,
            message=(
                f"{approval.reviewer}'s approval of version #{approval.history_id} no longer "
                "counts: the text changed."
            ),
            assignment=approval,
            history_id=_history_id(article),
        )
    return stale


@transaction.atomic
def review_mark_stale(*, article: Article, actor=None) -> list[ReviewAssignment]:
    """The substance changed: approvals of older text stop counting; ask those members again.

    Idempotent. Members are asked again at once if the article is in review, otherwise when
    it is resubmitted (``review_resume``).
    """
    fresh = _lock_article(article)
    stale = _mark_stale(fresh, actor)
    if fresh.status in IN_REVIEW_STATES:
        for approval in stale:
            _ask_again(
                approval,
                article=fresh,
                actor=actor,
                why="the text changed after you approved it",
            )
    return stale


@transaction.atomic
def review_resume(*, article: Article, actor) -> list[ReviewAssignment]:
    """The editors resubmitted: ask again whoever's decision does not count for this text,
    and resume the review at once if anyone is assigned. Idempotent; returns the new
    assignments."""
    fresh = _lock_article(article)
    if fresh.status != S.SUBMITTED:
        return []
    _mark_stale(fresh, actor)
    counting = set(ReviewAssignment.objects.counting_approvals(fresh).values_list("pk", flat=True))
    last_publication = fresh.published_versions.values_list("approved_at", flat=True).first()
    round_ = ReviewAssignment.objects.filter(article=fresh).select_related(
        "reviewer__user", "assigned_by"
    )
    if last_publication:
        round_ = round_.filter(assigned_at__gt=last_publication)
    latest: dict[int, ReviewAssignment] = {}
    for assignment in round_.order_by("assigned_at", "pk"):
        latest[assignment.reviewer_id] = assignment
    asked = []
    for assignment in latest.values():
        if assignment.state != AssignmentState.COMPLETED:
            continue
        if assignment.pk in counting:
            continue
        why = (
            "the editors revised the article after your request for changes"
            if assignment.decision == Decision.REQUEST_CHANGES
            else "the text changed after you approved it"
        )
        new = _ask_again(assignment, article=fresh, actor=actor, why=why)
        if new:
            asked.append(new)
    first = (
        ReviewAssignment.objects.pending()
        .filter(article=fresh)
        .select_related("reviewer__user")
        .order_by("assigned_at", "pk")
        .first()
    )
    if first is not None:
        with article_services.board_decision():
            article_services.article_start_review(
                article=fresh,
                actor=actor,
                on_behalf_of=first.reviewer.user,
                comment="Review resumed with the reviewers already assigned.",
            )
    return asked


@transaction.atomic
def review_close_pending(*, article: Article, actor, reason: str) -> int:
    """Withdraw every pending assignment of ``article`` (archived or approved: nobody is
    waiting for these decisions any more). Idempotent; returns how many."""
    fresh = _lock_article(article)
    pending = list(
        ReviewAssignment.objects.pending()
        .filter(article=fresh)
        .select_related("reviewer__user", "article")
    )
    for assignment in pending:
        _withdraw(assignment, actor=actor, reason=reason)
    return len(pending)
