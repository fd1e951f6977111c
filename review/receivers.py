"""How the review reacts to what happens to an article (``articles.signals``, after commit).

Receivers only call services. They never raise: the article action they follow has already
committed, so a failure here is logged (and the services are idempotent, so running them
again later is harmless). The quorum is not evaluated here; it belongs to the decision
service.

- substance edited → approvals of the old text are marked stale; members asked again;
- resubmitted → members whose decision does not count are asked again, review resumes;
- archived, or approved without the board (an admin override) → pending assignments are
  withdrawn.
"""

from __future__ import annotations

import logging

from articles.models import ArticleStatus

from . import services

logger = logging.getLogger(__name__)


def on_article_edited(sender, *, article, actor, substance_changed, **kwargs) -> None:
    if not substance_changed:
        return
    try:
        services.review_mark_stale(article=article, actor=actor)
    except Exception:
        logger.exception("Could not mark stale approvals of article %s", article.pk)


def on_article_transitioned(sender, *, article, actor, target, transition, **kwargs) -> None:
    try:
        if target == ArticleStatus.SUBMITTED:
            services.review_resume(article=article, actor=actor)
        elif target == ArticleStatus.ARCHIVED:
            services.review_close_pending(
                article=article, actor=actor, reason="the article was archived."
            )
        elif target == ArticleStatus.APPROVED:
            services.review_close_pending(
                article=article, actor=actor, reason="the article was approved."
            )
        elif transition == "revert":
            services.review_mark_stale(article=article, actor=actor)
    except Exception:
        logger.exception("Review follow-up of %s on article %s failed", transition, article.pk)
