"""What the publishing schedule does (every minute, from the beat job and
``manage.py run_publishing_schedule``): put embargoed approvals live when their time has
come, and apply expiry dates. Every step is idempotent and its own transaction."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .. import selectors, signals
from ..models import (
    Article,
    ArticleStatus,
    ExpiryAction,
    PublishedVersion,
    StateChange,
    VersionRelease,
)
from ._common import _lock
from .workflow import _run_transition

# A scheduled release that runs later than this after its time is reported as missed.
RELEASE_GRACE = timedelta(minutes=10)


def _stamp(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def _record_event(article: Article, *, transition: str, comment: str, at) -> StateChange:
    """A timeline entry for something the schedule did that changes no state."""
    return StateChange.objects.create(
        article=article,
        transition=transition,
        source=article.status,
        target=article.status,
        actor=None,
        comment=comment,
        at=at,
        history_id=article.history.values_list("history_id", flat=True).first(),
    )


@transaction.atomic
def published_version_release(*, version: PublishedVersion, now=None) -> VersionRelease | None:
    """Put an embargoed approved version live, once its time has come (idempotent).

    Returns the release, or None when there is nothing to do (not embargoed, not due yet,
    already released, or the article was archived meanwhile). A release that runs more
    than ``RELEASE_GRACE`` after its time (the scheduler was down) still happens, and the
    timeline says it was late.
    """
    now = now or timezone.now()
    version = (
        PublishedVersion.objects.select_for_update().select_related("article").get(pk=version.pk)
    )
    if version.release_at is None or version.release_at > now:
        return None
    if VersionRelease.objects.filter(published_version=version).exists():
        return None
    article = version.article
    if article.status == ArticleStatus.ARCHIVED:
        return None
    late = now - version.release_at > RELEASE_GRACE
    release = VersionRelease.objects.create(
        published_version=version, due_at=version.release_at, released_at=now, late=late
    )
    if late:
        comment = (
            f"{version.approval_reference} was scheduled to go live at "
            f"{_stamp(version.release_at)} but the scheduled job did not run then (missed "
            f"release); released at the next run, {_stamp(now)}."
        )
    else:
        comment = f"{version.approval_reference} went live as scheduled ({_stamp(now)})."
    _record_event(article, transition="release", comment=comment, at=now)
    transaction.on_commit(
        lambda: signals.article_released.send(sender=Article, article=article, release=release)
    )
    return release


@transaction.atomic
def article_expire(*, article: Article, now=None) -> str:
    """Apply the article's expiry once its date has passed (idempotent).

    "archive": archived by the schedule (readers get the "withdrawn" page, saying when and
    why); "banner": stays public with an "under review" banner, recorded in the timeline.
    Returns what was done: "archived", "banner" or "" (nothing to do).
    """
    now = now or timezone.now()
    fresh = _lock(article)
    if not fresh.is_expired(now) or fresh.status == ArticleStatus.ARCHIVED:
        return ""
    if not fresh.published_versions.exists():
        return ""  # never public: nothing for readers to expire
    when = timezone.localtime(fresh.expires_at).strftime("%B %-d, %Y %H:%M %Z")
    reason = f"Its expiry date ({when}) passed"
    if fresh.expiry_action == ExpiryAction.ARCHIVE:
        _run_transition(
            article=fresh,
            actor=None,
            transition="archive",
            comment=f"{reason}: withdrawn by the publishing schedule.",
            reason="article.expire",
            scheduled=True,
        )
        return "archived"
    if fresh.state_changes.filter(transition="expire", at__gte=fresh.expires_at).exists():
        return ""
    _record_event(
        fresh,
        transition="expire",
        comment=f"{reason}: shown to readers with an “under review” banner.",
        at=now,
    )
    transaction.on_commit(
        lambda: signals.article_expired.send(sender=Article, article=fresh, action="banner")
    )
    return "banner"


def publishing_schedule_run(*, now=None) -> dict[str, int]:
    """Release every embargoed version that is due and apply every expiry that is due.

    Each item is its own transaction, so one failure leaves the others done; running it
    again does nothing more (the services are idempotent). Called every minute by the beat
    job and by ``manage.py run_publishing_schedule``.
    """
    now = now or timezone.now()
    done = {"released": 0, "late": 0, "archived": 0, "banner": 0}
    for version in selectors.releases_due(now):
        release = published_version_release(version=version, now=now)
        if release is not None:
            done["released"] += 1
            done["late"] += int(release.late)
    for article in selectors.expiries_due(now):
        action = article_expire(article=article, now=now)
        if action:
            done[action] += 1
    return done
