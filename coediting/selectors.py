"""Who else has an article open, and the sentence the pages show about it."""

from __future__ import annotations

from django.utils import timezone

from articles.models import Article

from .models import EditingPresence
from .services import presence_expiry


def others_present(article: Article, user) -> list[EditingPresence]:
    """Everyone but ``user`` whose heartbeat on ``article`` is fresh, longest-present first."""
    fresh_since = timezone.now() - presence_expiry()
    return list(
        EditingPresence.objects.filter(article=article, seen_at__gte=fresh_since)
        .exclude(user=user)
        .select_related("user")
        .order_by("opened_at", "user_id")
    )


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def presence_message(presences: list[EditingPresence]) -> str:
    """ "Being edited by Ana Roe since 10:42 and Bo Li since 10:50" (local time), or ""."""
    parts = [
        f"{person_name(p.user)} since {timezone.localtime(p.opened_at):%H:%M}" for p in presences
    ]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Being edited by {listed}"
