"""Reads for mentions: who may be mentioned on an article, and a person's mentions."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from articles.models import Article

from .models import ReviewComment
from .permissions import can_view_review

RECENT_MENTIONS = 10


def mentionable_people(article: Article) -> list:
    """Active people who may open this article's review, by username (the suggestions).

    The staff is tens of people, so each is asked ``can_view_review`` (the one rule)."""
    people = get_user_model().objects.filter(is_active=True).order_by("username")
    return [p for p in people if can_view_review(p, article)]


def mentions_of(user) -> list[ReviewComment]:
    """The comments that mention ``user``, newest first (their home page's list)."""
    return list(
        ReviewComment.objects.filter(mentioned=user)
        .select_related("article", "author")
        .order_by("-created_at", "-pk")[:RECENT_MENTIONS]
    )
