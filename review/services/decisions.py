"""Decisions and the quorum: evaluated here and nowhere else (see ``assignments`` for the
rules)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.verification import require_second_factor
from articles import services as article_services
from articles.models import Article, PublishedVersion
from articles.substance import content_hash_of
from references.selectors import cited_reference_identities

from .. import extensions, quorum
from ..exceptions import ReviewForbidden, ReviewRefused
from ..models import (
    AssignmentState,
    Decision,
    EventKind,
    ReviewAssignment,
    ReviewRequirement,
)
from ..publishing import published_content
from ..quorum import quorum_status, requirements_in_force
from ._common import (
    S,
    _eligibility_problem,
    _history_id,
    _lock_article,
    _lock_assignment,
    _require,
    _status_label,
    event_record,
)
from .notifications import notify_each

# --- deciding ------------------------------------------------------------------------


def evidence_list(article: Article) -> list[dict[str, str]]:
    """The cited references a member attests to have checked: key and a readable label."""
    return [
        {"key": item["key"], "label": f"[{item['key']}] {item['text']}".strip()}
        for item in cited_reference_identities(article)
    ]


@transaction.atomic
def review_decide(
    *,
    assignment: ReviewAssignment,
    actor,
    decision: str,
    comment: str = "",
    seen_content_hash: str | None = None,
    seen_version: int | None = None,
    evidence_checked: bool = False,
    claims_confirmed: bool = False,
    withhold: bool = False,
) -> ReviewAssignment:
    """Record the assignee's decision on the text they were shown, then apply it.

    ``request_changes`` sends the article back to its editors; ``approve`` publishes it
    when the approvals of the current version reach the quorum.

    ``seen_content_hash`` and ``seen_version`` are those of the page the member decided
    on: if the text (or a cited reference) changed since, the decision is refused and
    nothing changes ("The text changed since you opened it (version 5 → 6)…"). Scripts
    that have no page may pass ``None``; the views always pass what they showed.
    ``evidence_checked`` is the member's attestation that they re-checked the cited
    references listed on their form: required to approve an article that cites any.
    ``claims_confirmed`` is their confirmation of what the apps above ask to confirm
    (``review.extensions.approval_confirmations``: the claims without a citation),
    required to approve when there is any and stored, as listed, with the decision.
    ``withhold`` (with a request for changes only): the text is not safe to show, and
    readers see a short notice instead until it is submitted again.
    """
    if decision not in Decision.values:
        raise ReviewRefused(
            f"Unknown decision “{decision}”: choose {' or '.join(Decision.values)}."
        )
    article = _lock_article(assignment.article)
    fresh = _lock_assignment(assignment)
    member = fresh.reviewer
    if actor is None or member.user_id != actor.pk:
        raise ReviewForbidden(
            f"This review was assigned to {member.display_name}; only they can record its decision."
        )
    require_second_factor(actor, "record a decision", ReviewForbidden)
    if fresh.state != AssignmentState.PENDING:
        when = f" on {fresh.decided_at:%Y-%m-%d}" if fresh.decided_at else ""
        raise ReviewRefused(
            f"This assignment is already {fresh.get_state_display().lower()}{when}; a "
            "decision is recorded once per assignment."
        )
    if article.status != S.UNDER_REVIEW:
        raise ReviewRefused(
            f"Decisions are recorded only while the article is under review; it is "
            f"{_status_label(article.status)} now."
        )
    problem = _eligibility_problem(member, article)
    if problem:
        # Eligibility is checked again now, not only when assigned: a member who left the
        # board (or lost the role) since must not decide, nor be credited on the version.
        raise ReviewForbidden(f"Cannot record this decision: {problem}")
    article_services.require_seen_content(
        article, seen_content_hash=seen_content_hash, seen_version=seen_version
    )
    comment = comment.strip()
    if withhold and decision != Decision.REQUEST_CHANGES:
        raise ReviewRefused(
            "Only a request for changes can take the text off the public page: choose "
            "“Request changes” to mark it not safe to show."
        )
    if decision == Decision.REQUEST_CHANGES and not comment:
        raise ReviewRefused("Say what should change: a request for changes needs a comment.")
    cited = evidence_list(article)
    if decision == Decision.APPROVE and cited and not evidence_checked:
        raise ReviewRefused(
            "Confirm that you checked the cited references before approving: tick "
            "“I checked the cited evidence” under the list of references."
        )
    to_confirm = extensions.approval_confirmations(article) if decision == Decision.APPROVE else []
    if to_confirm and not claims_confirmed:
        n = len(to_confirm)
        raise ReviewRefused(
            "Confirm the claims without a citation before approving: tick “I checked each "
            f"claim listed above” under the {n} claim{'s' if n != 1 else ''} listed, or "
            "request changes."
        )
    now = timezone.now()
    if evidence_checked and cited:
        fresh.evidence_checked_at = now
        fresh.evidence_checked = cited
    fresh.claims_confirmed = to_confirm

    fresh.state = AssignmentState.COMPLETED
    fresh.decision = decision
    fresh.comment = comment
    fresh.decided_at = now
    fresh.history_id = _history_id(article)
    fresh.content_hash = content_hash_of(article)
    fresh.text_version = article.text_version
    fresh.full_clean(validate_constraints=False)
    fresh.save()
    # The quorum with what registered rules add (``review.requirements``), counting this
    # approval: what is in force (and still missing) goes on the timeline with it.
    status, in_force = None, ""
    if decision == Decision.APPROVE:
        status = quorum_status(article, content_hash=fresh.content_hash)
        in_force = f" Requirements in force: {requirements_in_force(status)}." + (
            f" Not yet met: {'; '.join(status.problems)}." if status.problems else ""
        )
    event_record(
        article=article,
        kind=EventKind.DECIDED,
        actor=actor,
        message=(
            f"{member} decided: {fresh.get_decision_display().lower()} "
            f"({fresh.version_name()}, SHA-256 {fresh.content_hash[:12]}…)."
            + (f" “{comment}”" if comment else "")
            + (" Withheld from readers: not safe to show." if withhold else "")
            + in_force
        ),
        assignment=fresh,
        history_id=fresh.history_id,
    )
    if fresh.evidence_checked_at:
        event_record(
            article=article,
            kind=EventKind.EVIDENCE,
            actor=actor,
            message=(
                f"{member} confirmed checking the cited evidence of {fresh.version_name()} "
                f"(SHA-256 {fresh.content_hash[:12]}…): "
                + "; ".join(item["label"] for item in fresh.evidence_checked)
                + "."
            ),
            assignment=fresh,
            history_id=fresh.history_id,
        )
    if to_confirm:
        n = len(to_confirm)
        event_record(
            article=article,
            kind=EventKind.EVIDENCE,
            actor=actor,
            message=(
                f"{member} confirmed {n} claim{'s' if n != 1 else ''} without a citation in "
                f"{fresh.version_name()}: " + "; ".join(to_confirm) + "."
            ),
            assignment=fresh,
            history_id=fresh.history_id,
        )
    concerned = [article.author, fresh.assigned_by]
    notify_each(
        concerned,
        kind="decided",
        article=article,
        subject=f"Board decision ({fresh.get_decision_display().lower()}): {article.title}",
        message=(
            f"{member} recorded a decision: {fresh.get_decision_display().lower()}."
            + (f"\n\nComment: {comment}" if comment else "")
        ),
    )

    # The decision is saved above, before ``article_approve``: its registered check
    # (``review.quorum``) counts this approval among the board's.
    if decision == Decision.REQUEST_CHANGES:
        with article_services.board_decision():
            article_services.article_request_changes(
                article=article, actor=actor, comment=comment, withhold=withhold
            )
    elif status.met:
        _publish(article=article, actor=actor, comment=comment, in_force=status)
        fresh.refresh_from_db()
    return fresh


def _publish(*, article: Article, actor, comment: str, in_force) -> PublishedVersion:
    """Approve through ``articles`` and freeze what readers see, with the reviewers.

    Pending assignments left over are withdrawn by the approval itself (``review.extensions``).
    """
    approving = list(
        ReviewAssignment.objects.counting_approvals(article)
        .select_related("reviewer")
        .order_by("decided_at", "pk")
    )
    reviewers, seen = [], set()
    for approval in approving:
        if approval.reviewer_id in seen:
            continue
        seen.add(approval.reviewer_id)
        reviewers.append(
            {
                **approval.reviewer.public_data(),
                "approved_at": approval.decided_at.isoformat(),
                "history_id": approval.history_id,
                "version": approval.text_version,
                "content_hash": approval.content_hash,
            }
        )
    with article_services.board_decision(), quorum.evaluated(article, in_force):
        version = article_services.article_approve(
            article=article,
            actor=actor,
            comment=comment,
            published={**published_content(article), "reviewers": reviewers},
        )
    ReviewAssignment.objects.filter(pk__in=[a.pk for a in approving]).update(
        published_version=version
    )
    event_record(
        article=article,
        kind=EventKind.PUBLISHED,
        actor=actor,
        message=(
            f"Approved by {', '.join(str(a.reviewer) for a in approving)}; published as "
            f"{version.approval_reference} ({version.version_name()}, "
            f"SHA-256 {version.content_hash}). Requirements in "
            f"force: {requirements_in_force(in_force)}."
        ),
        history_id=version.history_id,
    )
    notify_each(
        [
            article.author,
            *(a.assigned_by for a in approving),
            *(a.reviewer.user for a in approving),
        ],
        kind="approved",
        article=article,
        subject=f"Approved and published: {article.title}",
        message=(
            f"The Medical Advisory Board approved this article. Readers now see the approved "
            f"version {version.approval_reference} (SHA-256 {version.content_hash})."
        ),
    )
    return version


@transaction.atomic
def review_set_quorum(
    *, article: Article, actor, required_approvals: int, reason: str = ""
) -> ReviewRequirement:
    """Set how many approvals of the current version publish ``article``.

    Applies from the next decision on: lowering it never approves anything by itself.
    """
    _require(actor, "review.change_reviewrequirement", "change how many approvals an article needs")
    fresh = _lock_article(article)
    requirement = ReviewRequirement.objects.filter(article=fresh).first() or ReviewRequirement(
        article=fresh
    )
    requirement.required_approvals = required_approvals
    requirement.reason = reason
    requirement.changed_at = timezone.now()
    requirement.changed_by = actor
    requirement.full_clean()
    requirement.save()
    event_record(
        article=fresh,
        kind=EventKind.QUORUM,
        actor=actor,
        message=f"Approvals required: {required_approvals}" + (f" ({reason})." if reason else "."),
    )
    return requirement
