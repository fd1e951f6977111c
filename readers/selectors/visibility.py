"""Which articles readers may see, and the review steps the public page names."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from articles.models import (
    Article,
    ArticleStatus,
    PublishedVersion,
)

PENDING_STATES = (ArticleStatus.SUBMITTED, ArticleStatus.UNDER_REVIEW)
# Shown with the banner when pending articles are public (sent back: "Under Review").
PENDING_PUBLIC_STATES = (*PENDING_STATES, ArticleStatus.CHANGES_REQUESTED)
STEPS = (
    (ArticleStatus.SUBMITTED, "Submitted"),
    (ArticleStatus.UNDER_REVIEW, "Under Review"),
    (ArticleStatus.APPROVED, "Approved"),
)
# The step readers see for each state an article can be public in.
STEP_OF_STATE = {
    ArticleStatus.SUBMITTED: ArticleStatus.SUBMITTED,
    ArticleStatus.UNDER_REVIEW: ArticleStatus.UNDER_REVIEW,
    ArticleStatus.CHANGES_REQUESTED: ArticleStatus.UNDER_REVIEW,
    ArticleStatus.APPROVED: ArticleStatus.APPROVED,
}


def show_pending() -> bool:
    return settings.READERS_SHOW_PENDING


# --- visibility ---------------------------------------------------------------------


def _pending_visible_q() -> Q:
    # "Changes requested" is reached only from "under review", so an article in it was
    # public while under review whenever pending articles are public at all.
    if not show_pending():
        return Q(pk__in=[])
    return Q(status__in=PENDING_PUBLIC_STATES)


def visible_articles() -> QuerySet[Article]:
    """Articles readers can open (not archived; approved once, or pending and shown)."""
    has_published = Exists(PublishedVersion.objects.live().filter(article=OuterRef("pk")))
    return Article.objects.exclude(status=ArticleStatus.ARCHIVED).filter(
        Q(has_published) | _pending_visible_q()
    )


def article_is_public(article: Article) -> bool:
    return visible_articles().filter(pk=article.pk).exists()
