"""Staff preview: any version of an article in the public layout, marked "not public".

Kept in one place so it follows the public page: it renders ``PUBLIC_TEMPLATE`` (the
template of the public article page) with the same ``page`` object that page gets
(``articles.selectors.PublicArticle``), wrapped by ``review/preview.html`` which adds the
banner. When the public page moves, change ``PUBLIC_TEMPLATE`` here.
"""

from __future__ import annotations

from articles.models import Article, ArticleStatus
from articles.rendering import render_preview
from articles.selectors import REVIEW_STEPS, PublicArticle

PUBLIC_TEMPLATE = "articles/article_detail.html"
TRACKED = {key for key, _ in REVIEW_STEPS}


def preview_page(article: Article, *, history_id: int | None = None) -> tuple[PublicArticle, str]:
    """What readers would see of ``article`` at ``history_id`` (default: the current text),
    and a label of that version. Reads only; raises ``LookupError`` for an unknown version.
    """
    records = article.history.order_by("-history_id")
    record = records.filter(history_id=history_id).first() if history_id else records.first()
    if record is None:
        raise LookupError("No such version of this article.")
    published = article.published_versions.filter(history_id=record.history_id).first()
    if published is not None:
        page = PublicArticle(
            article=article,
            title=published.title,
            summary=published.summary,
            body_html=published.body_html,
            references=published.references,
            reviewers=published.reviewers,
            review_step=ArticleStatus.APPROVED,
            approved=True,
            content_updated_at=published.content_updated_at,
            last_reviewed_at=published.approved_at,
            next_review_due=article.next_review_due,
            approval_reference=published.approval_reference,
        )
        return page, f"the approved version {published.approval_reference}"
    text = record.instance  # an unsaved Article holding that version's fields
    rendered = render_preview(text)
    page = PublicArticle(
        article=article,
        title=record.title,
        summary=record.summary,
        body_html=rendered["body_html"],
        references=rendered["references"],
        reviewers=[],
        review_step=record.status if record.status in TRACKED else ArticleStatus.SUBMITTED,
        approved=False,
        content_updated_at=record.content_updated_at,
        last_reviewed_at=None,
        next_review_due=None,
    )
    current = records.values_list("history_id", flat=True).first() == record.history_id
    saved = f"the version saved {record.history_date:%Y-%m-%d %H:%M}"
    label = "the current text" if current else saved
    return page, f"{label} ({ArticleStatus(record.status).label.lower()})"
