"""Board members and their declared conflicts of interest.

Decisions:
- A board member profile is for a user who holds the board role (the article permissions
  to approve and request changes); the profile adds what readers and editors need to know
  (name as shown, credentials, specialties, bio, disclosures).
- Deactivating a member withdraws their pending assignments at once (the editors who
  assigned them are told, so they can assign someone else); completed decisions stay.
- Updating the disclosure text without a date stamps today's date.
- A conflict for one article is declared by the member or by an admin; it withdraws the
  member's pending assignment on that article.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from articles.models import Article

from ..exceptions import ReviewerNotEligible, ReviewForbidden
from ..models import AssignmentState, BoardMember, ConflictOfInterest, EventKind
from ._common import _require, _withdraw, event_record
from .notifications import notify_each

MEMBER_FIELDS = {
    "display_name",
    "credentials",
    "specialties",
    "bio",
    "is_active",
    "conflict_disclosure",
    "conflict_disclosed_at",
}


def _check_board_role(user) -> None:
    if not user.has_perm("articles.approve_article"):
        name = user.get_full_name() or user.get_username()
        raise ReviewerNotEligible(
            f"{name} does not have the Advisory Board role: add them to the "
            "“Advisory Board” group first."
        )


@transaction.atomic
def board_member_create(*, actor, user, display_name: str = "", **fields: Any) -> BoardMember:
    _require(actor, "review.add_boardmember", "add board members")
    unknown = set(fields) - MEMBER_FIELDS
    if unknown:
        raise ReviewForbidden(f"These fields cannot be set here: {', '.join(sorted(unknown))}.")
    _check_board_role(user)
    member = BoardMember(
        user=user, display_name=display_name or user.get_full_name() or user.get_username()
    )
    for name, value in fields.items():
        setattr(member, name, value)
    if member.conflict_disclosure and not member.conflict_disclosed_at:
        member.conflict_disclosed_at = timezone.localdate()
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def board_member_update(*, member: BoardMember, actor, **changes: Any) -> BoardMember:
    """Edit a member's profile; deactivating withdraws their pending assignments."""
    _require(actor, "review.change_boardmember", "change board members")
    unknown = set(changes) - MEMBER_FIELDS
    if unknown:
        raise ReviewForbidden(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    fresh = BoardMember.objects.select_for_update().select_related("user").get(pk=member.pk)
    was_active = fresh.is_active
    old_disclosure = fresh.conflict_disclosure
    for name, value in changes.items():
        setattr(fresh, name, value)
    if (
        fresh.conflict_disclosure != old_disclosure
        and "conflict_disclosed_at" not in changes
        and fresh.conflict_disclosure
    ):
        fresh.conflict_disclosed_at = timezone.localdate()
    if fresh.is_active and not was_active:
        _check_board_role(fresh.user)
    fresh.full_clean()
    fresh.save()
    if was_active and not fresh.is_active:
        _withdraw_all(fresh, actor=actor, reason=f"{fresh.display_name} left the active board.")
    return fresh


def _withdraw_all(member: BoardMember, *, actor, reason: str, article: Article | None = None):
    pending = member.assignments.filter(state=AssignmentState.PENDING).select_related(
        "article", "reviewer__user", "assigned_by"
    )
    if article is not None:
        pending = pending.filter(article=article)
    withdrawn = list(pending.select_for_update(of=("self",)))
    for assignment in withdrawn:
        _withdraw(assignment, actor=actor, reason=reason, notify=False)
        notify_each(
            [assignment.assigned_by],
            kind="withdrawn",
            article=assignment.article,
            subject=f"Reviewer withdrawn: {assignment.article.title}",
            message=f"{member}'s review was withdrawn: {reason} Please assign someone else.",
        )
    return withdrawn


@transaction.atomic
def conflict_declare(
    *, member: BoardMember, article: Article, actor, description: str
) -> ConflictOfInterest:
    """Record that ``member`` has a conflict for ``article``; they can no longer review it."""
    if not (actor and actor.is_active):
        raise ReviewForbidden("Sign in to declare a conflict of interest.")
    if actor.pk != member.user_id and not actor.has_perm("review.add_conflictofinterest"):
        raise ReviewForbidden(
            "Only the member themselves or an admin can declare a conflict of interest."
        )
    if not description.strip():
        raise ReviewerNotEligible("Describe the conflict of interest.")
    conflict, created = ConflictOfInterest.objects.get_or_create(
        member=member,
        article=article,
        defaults={"description": description.strip(), "declared_by": actor},
    )
    if created:
        event_record(
            article=article,
            kind=EventKind.CONFLICT,
            actor=actor,
            message=f"{member} declared a conflict of interest: {description.strip()}",
        )
        _withdraw_all(
            member,
            actor=actor,
            reason=f"{member.display_name} declared a conflict of interest.",
            article=article,
        )
    return conflict
