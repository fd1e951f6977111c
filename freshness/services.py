"""The one door for writes in the freshness app (the scan itself is ``freshness.scan``).

- ``flag_dismiss``: an editor closes an open flag with a required reason; the same cause is
  not raised again (a new cause is).
- ``retraction_override_record`` / ``_withdraw``: an editor keeps a retracted reference in
  one article on purpose (e.g. it discusses the retraction), with a reason shown to
  reviewers; while active, the retraction neither refuses submit/approve nor raises a flag.
- ``stale_digest_send``: the weekly digest to editors, reminders to overdue reviewers,
  escalation to the assigning editor, escalation of unanswered critical flags. Every email
  goes through the review outbox (``review.services.notification_queue``) and each reminder
  or escalation is marked on its flag, so running it again sends nothing twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.permissions import require
from articles.roles import ADMINS, EDITORS
from references.models import Citation, Reference
from review.services import notification_queue

from .exceptions import FreshnessError
from .models import Reason, Resolution, RetractionOverride, Severity, StaleFlag
from .policy import POLICIES


def _require(actor, permission: str, what: str) -> None:
    require(actor, permission, what)


@transaction.atomic
def flag_dismiss(*, flag: StaleFlag, actor, reason: str) -> StaleFlag:
    """Close an open flag by hand, saying why. Refused without a reason or if it is closed."""
    _require(actor, "freshness.change_staleflag", "dismiss stale-content flags")
    reason = (reason or "").strip()
    if not reason:
        raise FreshnessError("Say why you dismiss this flag: a reason is required.")
    fresh = StaleFlag.objects.select_for_update().filter(pk=flag.pk).first()
    if fresh is None:
        raise FreshnessError("This flag no longer exists.")
    if not fresh.is_open:
        raise FreshnessError(
            f"This flag was already closed on {timezone.localdate(fresh.resolved_at)} "
            f"({fresh.get_resolution_display().lower()})."
        )
    fresh.resolved_at = timezone.now()
    fresh.resolution = Resolution.DISMISSED
    fresh.resolved_by = actor
    fresh.resolution_note = reason
    fresh.full_clean()
    fresh._history_user = actor
    fresh._change_reason = f"flag.dismiss: {reason}"[:100]
    fresh.save()
    return fresh


@transaction.atomic
def retraction_override_record(
    *, article: Article, reference: Reference, actor, reason: str
) -> RetractionOverride:
    """Keep citing a retracted reference in ``article``, for a stated reason."""
    _require(actor, "freshness.add_retractionoverride", "keep a retracted reference")
    reason = (reason or "").strip()
    if not reason:
        raise FreshnessError(
            "Say why this article must keep citing the retracted reference: a reason is "
            "required (it is shown to reviewers)."
        )
    if not Citation.objects.filter(article=article, reference=reference).exists():
        raise FreshnessError(f"“{article}” does not cite [@{reference.key}].")
    if not reference.retracted:
        raise FreshnessError(f"[@{reference.key}] is not retracted: there is nothing to override.")
    if RetractionOverride.objects.filter(
        article=article, reference=reference, withdrawn_at__isnull=True
    ).exists():
        raise FreshnessError(f"An override for [@{reference.key}] in this article exists already.")
    override = RetractionOverride(
        article=article, reference=reference, reason=reason, recorded_by=actor
    )
    override.full_clean()
    override._history_user = actor
    override._change_reason = "override.record"
    override.save()
    return override


@transaction.atomic
def retraction_override_withdraw(*, override: RetractionOverride, actor) -> RetractionOverride:
    _require(actor, "freshness.change_retractionoverride", "withdraw an override")
    fresh = RetractionOverride.objects.select_for_update().get(pk=override.pk)
    if fresh.withdrawn_at is None:
        fresh.withdrawn_at = timezone.now()
        fresh._history_user = actor
        fresh._change_reason = "override.withdraw"
        fresh.save()
    return fresh


# --- emails ------------------------------------------------------------------------------


def _people(*groups: str):
    return (
        get_user_model()
        .objects.filter(groups__name__in=groups, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _attention_url() -> str:
    base = getattr(settings, "REVIEW_SITE_URL", "").rstrip("/")
    return f"{base}{reverse('freshness:attention')}"


def _mark(flag: StaleFlag, field: str, when, why: str) -> None:
    setattr(flag, field, when)
    flag._change_reason = why
    flag.save()


@transaction.atomic
def stale_digest_send(*, now=None, weekly: bool = True) -> dict[str, int]:
    """Reminders, escalations and (``weekly``) the digest; returns how many of each.

    Idempotent: a reminder or escalation is marked on its flag and never sent twice; the
    digest goes to each editor at most once per ISO week.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    escalate_after = timedelta(days=getattr(settings, "STALE_ESCALATE_AFTER_DAYS", 7))
    sent = {"digest": 0, "reminder": 0, "escalation": 0, "critical": 0}

    overdue = (
        StaleFlag.objects.open()
        .filter(reason=Reason.REVIEW_ASSIGNMENT_OVERDUE, assignment__isnull=False)
        .select_related("article", "assignment__reviewer__user", "assignment__assigned_by")
        .select_for_update(of=("self",))
    )
    for flag in overdue.filter(reminded_at__isnull=True):
        a = flag.assignment
        notification_queue(
            recipient=a.reviewer.user,
            kind="stale_reminder",
            subject=f"Reminder: your review of “{flag.article.title}” is overdue",
            message=(
                f"Your review was due on {a.due_date:%Y-%m-%d}. Please record your decision, "
                "or decline so the editors can ask someone else."
            ),
            article=flag.article,
            assignment=a,
        )
        _mark(flag, "reminded_at", now, "flag.remind")
        sent["reminder"] += 1
    for flag in overdue.filter(reminded_at__lte=now - escalate_after, escalated_at__isnull=True):
        a = flag.assignment
        notification_queue(
            recipient=a.assigned_by,
            kind="stale_escalation",
            subject=f"Overdue review not answered: “{flag.article.title}”",
            message=(
                f"{a.reviewer} was reminded on {timezone.localdate(flag.reminded_at):%Y-%m-%d} "
                f"of the review due {a.due_date:%Y-%m-%d} and has not answered. Consider "
                "withdrawing the assignment and asking another member."
            ),
            article=flag.article,
        )
        _mark(flag, "escalated_at", now, "flag.escalate")
        sent["escalation"] += 1

    critical = (
        StaleFlag.objects.open()
        .filter(severity=Severity.CRITICAL, respond_by__lt=today, escalated_at__isnull=True)
        .select_related("article", "reference")
        .select_for_update(of=("self",))
    )
    people = list(_people(EDITORS, ADMINS))
    for flag in critical:
        for person in people:
            notification_queue(
                recipient=person,
                kind="stale_critical",
                subject=f"Unanswered critical flag: “{flag.article.title}”",
                message=(
                    f"{flag.get_reason_display()} ({flag.detail}) was raised on "
                    f"{timezone.localdate(flag.raised_at):%Y-%m-%d} and had to be answered by "
                    f"{flag.respond_by:%Y-%m-%d}. {POLICIES[flag.reason].words} "
                    f"Queue: {_attention_url()}"
                ),
                article=flag.article,
            )
        _mark(flag, "escalated_at", now, "flag.escalate")
        sent["critical"] += 1

    if weekly:
        sent["digest"] = _digest(now)
    return sent


# The digest lists at most this many flags (most severe, then soonest due); the rest are
# counted and left to the attention queue, so the e-mail stays readable with a backlog.
DIGEST_MAX_FLAGS = 50


def _digest(now) -> int:
    from review.models import Notification

    open_flags = StaleFlag.objects.open()
    flags = list(
        open_flags.select_related("article").order_by("-severity", "respond_by", "pk")[
            :DIGEST_MAX_FLAGS
        ]
    )
    if not flags:
        return 0
    total = len(flags) if len(flags) < DIGEST_MAX_FLAGS else open_flags.count()
    week_start = now - timedelta(days=timezone.localdate(now).weekday())
    week_start = week_start.replace(hour=0, minute=0, second=0, microsecond=0)
    body = render_to_string(
        "freshness/email/digest.txt",
        {"flags": flags, "more": total - len(flags), "url": _attention_url()},
    )
    count = 0
    for editor in _people(EDITORS):
        if Notification.objects.filter(
            recipient=editor, kind="stale_digest", created_at__gte=week_start
        ).exists():
            continue
        notification_queue(
            recipient=editor,
            kind="stale_digest",
            subject=f"Attention needed: {total} open stale-content flag(s)",
            message=body,
        )
        count += 1
    return count
