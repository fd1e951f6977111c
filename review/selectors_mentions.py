"""Reads for mentions: who may be mentioned on an article, and a person's mentions."""

from __future__ import annotations

from articles.models import Article

from .models import ReviewComment
from .permissions import review_viewers

RECENT_MENTIONS = 10


def mentionable_people(article: Article) -> list:
    """Active people who may open this article's review, by username (the suggestions),
    in one query (``permissions.review_viewers``; the refusal asks ``can_view_review``)."""
    return list(review_viewers(article))


def mentions_of(user) -> list[ReviewComment]:
    """The comments that mention ``user``, newest first (their home page's list)."""
    return list(
        ReviewComment.objects.filter(mentioned=user)
        .select_related("article", "author")
        .order_by("-created_at", "-pk")[:RECENT_MENTIONS]
    )
