"""One touch from the e-mail: a signed, single-use link to the member's review.

Decisions:
- Review requests, "please review again" (the text changed or the editors answered the
  requested changes) and overdue reminders carry a link bound to the member and the
  assignment. It is a random token; only its SHA-256 digest is stored (``ReviewLink``).
- The link never signs anyone in. A person not signed in is sent to sign in and comes back
  to it; a signed-in person who still owes the second factor is sent to enter it by the
  staff-pages middleware first. Only then is the link used: it is marked used and opens the
  review page.
- It expires ``REVIEW_LINK_MAX_AGE_HOURS`` after it was sent (default 72). A used, expired,
  unknown (tampered) or someone else's link is refused with the reason (``LinkRefused``);
  someone else's link is not used up by the refusal, so its member can still open it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import ReviewAssignment, ReviewLink


class LinkRefused(Exception):
    """Why a review link does not open (``reason``: used, expired, unknown, foreign)."""

    def __init__(self, reason: str, message: str, link: ReviewLink | None = None):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.link = link


def max_age() -> timedelta:
    return timedelta(hours=getattr(settings, "REVIEW_LINK_MAX_AGE_HOURS", 72))


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%d %B %Y at %H:%M}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def review_link_create(*, assignment: ReviewAssignment, user, kind: str) -> str:
    """A new link to ``assignment``'s review for ``user``; returns its full URL."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    ReviewLink.objects.create(
        digest=_digest(token),
        assignment=assignment,
        user=user,
        kind=kind,
        created_at=now,
        expires_at=now + max_age(),
    )
    base = getattr(settings, "REVIEW_SITE_URL", "").rstrip("/")
    return f"{base}{reverse('review:link', args=[token])}"


def review_link_check(token: str) -> ReviewLink:
    """The link if it may still be opened by its member; ``LinkRefused`` if not."""
    link = (
        ReviewLink.objects.select_related("assignment__article")
        .filter(digest=_digest(token))
        .first()
    )
    if link is None:
        raise LinkRefused(
            "unknown",
            "This review link is not valid: it may have been cut short or changed. "
            "Sign in to find the review in your list.",
        )
    if link.used_at is not None:
        raise LinkRefused(
            "used",
            f"This review link was already used on {_when(link.used_at)}. Each link opens "
            "the review once; sign in to open the review again.",
            link,
        )
    if link.expires_at <= timezone.now():
        raise LinkRefused(
            "expired",
            f"This review link expired on {_when(link.expires_at)}. Sign in to find the "
            "review in your list.",
            link,
        )
    return link


def review_link_use(*, token: str, user) -> ReviewLink:
    """Use the link as ``user`` (signed in, second factor passed): marks it used.

    Refused (nothing changed) when the link is unknown, used, expired or belongs to
    someone else.
    """
    with transaction.atomic():
        link = review_link_check(token)
        link = ReviewLink.objects.select_for_update().get(pk=link.pk)
        if link.user_id != user.pk:
            raise LinkRefused(
                "foreign",
                "This review link was sent to another board member. Sign in as the person "
                "it was sent to, or find your own reviews in your list.",
            )
        if link.used_at is not None:  # used meanwhile by a second click
            return review_link_check(token)
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
    return link
