"""Recording that someone has an article open (the heartbeat), and forgetting it on leave.

Who counts: anyone who may open the article's admin change page (holds
``articles.change_article``) or its review page (``review.permissions.can_view_review``),
signed in with the second factor their role needs. The presence of a board member reading
the review page is shown too: Wagtail shows every viewer of a page, and an editor about
to change the text should know a reviewer is reading it.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.verification import require_second_factor
from articles.models import Article
from review.permissions import can_view_review

from .exceptions import PresenceRefused
from .models import EditingPresence


def presence_expiry() -> timedelta:
    return timedelta(seconds=settings.PRESENCE_EXPIRES_SECONDS)


def presence_refusal(user, article: Article) -> str | None:
    if not (user and user.is_active):
        return "Sign in to open this article."
    if user.has_perm("articles.change_article") or can_view_review(user, article):
        return None
    return "Your role does not allow you to open this article."


@transaction.atomic
def presence_touch(*, article: Article, user) -> EditingPresence:
    """``user`` has ``article`` open now. A heartbeat after a gap longer than the expiry
    starts a new stretch ("since" moves to now)."""
    refusal = presence_refusal(user, article)
    if refusal:
        raise PresenceRefused(refusal)
    require_second_factor(user, "open this article", PresenceRefused)
    now = timezone.now()
    presence, created = EditingPresence.objects.select_for_update().get_or_create(
        article=article, user=user, defaults={"opened_at": now, "seen_at": now}
    )
    if not created:
        if presence.seen_at < now - presence_expiry():
            presence.opened_at = now
        presence.seen_at = now
        presence.save(update_fields=["opened_at", "seen_at"])
    # Rows whose heartbeat stopped long ago are dropped on the way (they no longer count).
    EditingPresence.objects.filter(
        article=article, seen_at__lt=now - 10 * presence_expiry()
    ).delete()
    return presence


def presence_leave(*, article: Article, user) -> None:
    """The tab closed: stop showing ``user`` at once rather than after the expiry."""
    EditingPresence.objects.filter(article=article, user=user).delete()
