"""Assignments and decisions: who reviews, what they decided, on which exact text.

Decisions made here where the product brief is silent (after Wagtail's moderation workflow and
Drupal content moderation):

- **Who assigns.** Holders of ``review.assign_reviewer`` (Editors, Admins), never on an
  article they wrote themselves: an author does not pick who judges their work. Assigning
  the first reviewer to a *submitted* article starts the review: the assignment service
  calls ``articles.services.article_start_review(on_behalf_of=<the reviewer>)``, so the
  transition's own rule (the board role, never one's own article) is checked against the
  member who will review, while the state change names the editor who assigned.
- **When.** Reviewers can be assigned while the article is submitted, under review or
  waiting for the editors' changes (they decide once it is back under review). A draft
  must be submitted first; approved and archived articles are not in review.
- **Deciding.** Only the assignee, once per assignment, only while the article is under
  review. A request for changes must say what to change (a comment is required).
- **Quorum.** Evaluated here, in the decision service and nowhere else: the article is
  approved when the distinct members whose approvals count (see ``models``) reach the
  required number (``ReviewRequirement`` or ``settings.REVIEW_DEFAULT_QUORUM``). Pending
  assignments left when the quorum is met are withdrawn as no longer needed.
- **Stale approvals.** When the substance changes, approvals of the old text are marked
  stale and their members asked again (a new assignment) if the article is in review;
  otherwise they are asked again when it is resubmitted. A save that changes nothing of
  substance is not a change (``articles`` only reports substance changes).
- **Resubmission.** When the editors resubmit, members of the current review round whose
  decision does not count for the new text (they requested changes, or their approval went
  stale) are asked again, and if anyone is assigned the review resumes at once.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.verification import require_second_factor
from articles import services as article_services
from articles.models import Article

from ..exceptions import ReviewerNotEligible, ReviewForbidden, ReviewRefused
from ..models import (
    AssignmentState,
    BoardMember,
    ConflictOfInterest,
    EventKind,
    ReviewAssignment,
)
from ._common import (
    ASSIGNABLE_STATES,
    S,
    _close,
    _eligibility_problem,
    _lock_article,
    _lock_assignment,
    _open_assignment,
    _require,
    _status_label,
    _withdraw,
    default_due_date,
    event_record,
)
from .notifications import notify_each

# --- assigning ---------------------------------------------------------------------


def manage_reviewers_refusal(article: Article, actor) -> ReviewForbidden | None:
    """Why ``actor`` may not choose or withdraw ``article``'s reviewers, or None.

    The one statement of the rule; the services raise it, the review page and the
    dashboard ask it before offering "Assign" or "Withdraw".
    """
    if not (actor and actor.is_active and actor.has_perm("review.assign_reviewer")):
        return ReviewForbidden("Your role does not allow you to assign reviewers.")
    if article.author_id == actor.pk:
        return ReviewForbidden(
            "You wrote this article, so another editor or an admin must choose its reviewers."
        )
    return None


def assign_refusal(article: Article, actor) -> ReviewForbidden | ReviewRefused | None:
    """Why ``actor`` cannot assign a reviewer to ``article`` now, or None."""
    refusal = manage_reviewers_refusal(article, actor)
    if refusal is not None:
        return refusal
    if article.status not in ASSIGNABLE_STATES:
        hint = " Submit it first." if article.status == S.DRAFT else ""
        return ReviewRefused(
            f"Cannot assign a reviewer: the article is {_status_label(article.status)}; "
            f"reviewers are assigned while it is submitted, under review or waiting for "
            f"changes.{hint}"
        )
    return None


@transaction.atomic
def review_assign(
    *,
    article: Article,
    reviewer: BoardMember,
    actor,
    due_date: date | None = None,
    comment: str = "",
) -> ReviewAssignment:
    """Ask a board member to review ``article``; the first one starts the review."""
    _require(actor, "review.assign_reviewer", "assign reviewers")
    fresh = _lock_article(article)
    refusal = assign_refusal(fresh, actor)
    if refusal is not None:
        raise refusal
    member = BoardMember.objects.select_related("user").get(pk=reviewer.pk)
    problem = _eligibility_problem(member, fresh)
    if problem:
        raise ReviewerNotEligible(f"Cannot assign {member.display_name}: {problem}")
    pending = ReviewAssignment.objects.pending().filter(article=fresh, reviewer=member).first()
    if pending is not None:
        raise ReviewerNotEligible(
            f"{member.display_name} is already assigned to this article "
            f"(due {pending.due_date:%Y-%m-%d})."
        )
    if ReviewAssignment.objects.counting_approvals(fresh).filter(reviewer=member).exists():
        raise ReviewerNotEligible(
            f"{member.display_name} has already approved the current text of this article."
        )
    due_date = due_date or default_due_date()
    if due_date < timezone.localdate():
        raise ReviewRefused("The due date is in the past: choose today or a later date.")

    assignment = _open_assignment(
        article=fresh,
        member=member,
        assigned_by=actor,
        actor=actor,
        due_date=due_date,
        note=comment,
    )
    if fresh.status == S.SUBMITTED:
        with article_services.board_decision():
            article_services.article_start_review(
                article=fresh,
                actor=actor,
                on_behalf_of=member.user,
                comment=f"Review started: {member.display_name} assigned.",
            )
    return assignment


@transaction.atomic
def review_withdraw(*, assignment: ReviewAssignment, actor, reason: str) -> ReviewAssignment:
    """Take a pending assignment back (the member is told why)."""
    _require(actor, "review.assign_reviewer", "withdraw review assignments")
    article = _lock_article(assignment.article)
    refusal = manage_reviewers_refusal(article, actor)
    if refusal is not None:
        raise refusal
    fresh = _lock_assignment(assignment)
    if fresh.state != AssignmentState.PENDING:
        raise ReviewRefused(
            f"This assignment is already {fresh.get_state_display().lower()}; only pending "
            "assignments can be withdrawn."
        )
    if not reason.strip():
        raise ReviewRefused("Say why the assignment is withdrawn: the member is told.")
    _withdraw(fresh, actor=actor, reason=reason.strip())
    return fresh


@transaction.atomic
def review_decline(
    *, assignment: ReviewAssignment, actor, reason: str, conflict: bool = False
) -> ReviewAssignment:
    """The assignee declines; with ``conflict=True`` the reason is also recorded as a
    conflict of interest, so they are not asked about this article again."""
    _lock_article(assignment.article)
    fresh = _lock_assignment(assignment)
    if actor is None or fresh.reviewer.user_id != actor.pk:
        raise ReviewForbidden(
            f"This review was assigned to {fresh.reviewer.display_name}; only they can decline it."
        )
    require_second_factor(actor, "decline a review", ReviewForbidden)
    if fresh.state != AssignmentState.PENDING:
        raise ReviewRefused(
            f"This assignment is already {fresh.get_state_display().lower()}; "
            "only a pending assignment can be declined."
        )
    if not reason.strip():
        raise ReviewRefused("Say why you decline, so that the editors can find someone else.")
    _close(fresh, state=AssignmentState.DECLINED, actor=actor, reason=reason.strip())
    event_record(
        article=fresh.article,
        kind=EventKind.DECLINED,
        actor=actor,
        message=f"{fresh.reviewer} declined: {reason.strip()}",
        assignment=fresh,
    )
    if conflict:
        ConflictOfInterest.objects.get_or_create(
            member=fresh.reviewer,
            article=fresh.article,
            defaults={"description": reason.strip(), "declared_by": actor},
        )
        event_record(
            article=fresh.article,
            kind=EventKind.CONFLICT,
            actor=actor,
            message=f"{fresh.reviewer} declared a conflict of interest: {reason.strip()}",
        )
    notify_each(
        [fresh.assigned_by],
        kind="declined",
        article=fresh.article,
        subject=f"Review declined: {fresh.article.title}",
        message=(
            f"{fresh.reviewer} declined to review this article: {reason.strip()} "
            "Please assign another board member."
        ),
    )
    return fresh
