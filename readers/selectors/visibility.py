"""The review steps the public page names. Which articles readers may see is defined once,
in ``articles.visibility``; it is re-exported here for the public site's modules."""

from __future__ import annotations

from articles.models import ArticleStatus
from articles.visibility import (
    PENDING_PUBLIC_STATES,
    PENDING_STATES,
    is_public,
    show_pending,
    visible_articles,
)

__all__ = [
    "PENDING_PUBLIC_STATES",
    "PENDING_STATES",
    "STEPS",
    "STEP_OF_STATE",
    "article_is_public",
    "show_pending",
    "visible_articles",
]

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

article_is_public = is_public
