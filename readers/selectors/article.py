"""The article page and an earlier version's page, as readers see them, and the staff
preview of any version: ``page`` builds what they show, ``article_queries`` reads it."""

from __future__ import annotations

from django.utils import timezone

from articles.models import (
    Article,
    ArticleStatus,
    ExpiryAction,
    PublishedVersion,
    next_review_date,
)
from articles.visibility import text_withheld

from .article_queries import (
    _ARTICLE_FIELDS,
    _VERSION_FIELDS,
    _correction,
    _current_rows,
    _history,
    _related,
    _text_last_submitted,
    _topics,
    archive_record,
)
from .page import (
    Approver,
    ArticlePage,
    Gone,
    _approvers,
    _with_audience,
    approved_page,
    link_citations,
    pending_page,
)
from .visibility import (
    STEP_OF_STATE,
    article_is_public,
)

__all__ = [
    "Approver",
    "ArticlePage",
    "Gone",
    "approved_page",
    "archive_record",
    "article_page",
    "link_citations",
    "pending_page",
    "preview_page",
    "version_page",
]


def article_page(*, slug: str, audience: str = "") -> ArticlePage | Gone | None:
    """The page for ``slug``: an ``ArticlePage``, ``Gone`` (archived) or None (not found).

    ``audience`` is the reader's choice ("" for none): the approved text for it when the
    version has one, else the main text with ``fallback`` set.

    An article with a live approved version (the page readers load most) costs four
    queries whatever its number of versions, reviewers or citations: the article with its
    newest live version, the version history, related questions and topics.
    """
    rows = _current_rows(slug=slug)
    if not rows or rows[0]["article_status"] == ArticleStatus.ARCHIVED:
        return _unapproved_page(slug, audience)
    row = rows[0]
    article = Article(pk=row["article_id"], **{f: row[f"article_{f}"] for f in _ARTICLE_FIELDS})
    published = PublishedVersion(article_id=article.pk, **{f: row[f] for f in _VERSION_FIELDS})
    history = _history(article)
    page = approved_page(
        article,
        published,
        # The review readers see is the live version's: a newer approval still under
        # embargo moves neither "Medically reviewed … on" nor "Next review due".
        last_reviewed_at=published.approved_at,
        date_published=history[-1]["approved_at"],  # the first live approval
        audience=audience,
    )
    if article.last_reviewed_at != published.approved_at:
        page.next_review_due = next_review_date(article, published.approved_at)
    now = timezone.now()
    page.history = history
    page.correction = _correction(history, now)
    page.expired = article.is_expired(now) and article.expiry_action == ExpiryAction.BANNER
    page.related = _related(article)
    page.topics = _topics(article)
    return page


def _unapproved_page(slug: str, audience: str = "") -> ArticlePage | Gone | None:
    """An article with no live approved version, or archived: pending, gone or not found."""
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        return None
    if article.status == ArticleStatus.ARCHIVED:
        return Gone(article)
    if not article_is_public(article):
        return None
    source = (
        _text_last_submitted(article)
        if article.status == ArticleStatus.CHANGES_REQUESTED
        else article
    )
    page = pending_page(source, step=STEP_OF_STATE[article.status], audience=audience)
    if text_withheld(article):
        # Not safe to show: a notice stands in for the text (and its references).
        page.withheld, page.summary, page.body_html, page.references = True, "", "", []
    page.article = article
    page.related = _related(article)
    page.topics = _topics(article)
    return page


def version_page(*, slug: str, reference: str, audience: str = "") -> ArticlePage | None:
    """An earlier approved version, read-only and marked superseded (None: not one).

    The current version has no page of its own here: the article page shows it.
    """
    page = article_page(slug=slug, audience=audience)
    if not isinstance(page, ArticlePage) or not page.approved:
        return None
    if reference == page.approval_reference:
        return None
    version = (
        PublishedVersion.objects.live()
        .filter(article=page.article, approval_reference=reference)
        .defer("body", "alt_body")
        .first()
    )
    if version is None:
        return None
    page.title = version.title
    page.references = version.references
    page.content_updated_at = version.content_updated_at
    page.last_reviewed_at = version.approved_at
    page.next_review_due = None
    page.approval_reference = version.approval_reference
    page.approvers = _approvers(version.reviewers)
    page.correction = None
    page.superseded = True
    return _with_audience(page, version, audience)


def preview_page(version) -> ArticlePage:
    """A staff preview of one version (``review.preview.PreviewVersion``), as readers see it.

    An approved version is shown from its frozen ``PublishedVersion`` exactly as the public
    page shows it (reviewers, approval date, references); any other version is rendered
    from that history record's text like a pending article, at the step its state shows.
    """
    article, published = version.article, version.published
    if published is not None:
        first_approved = (
            article.published_versions.order_by("approved_at", "pk")
            .values_list("approved_at", flat=True)
            .first()
        )
        page = approved_page(
            article,
            published,
            last_reviewed_at=published.approved_at,
            date_published=first_approved,
        )
    else:
        text = version.record.instance  # an unsaved Article holding that version's fields
        step = STEP_OF_STATE.get(version.record.status, ArticleStatus.SUBMITTED)
        page = pending_page(text, step=step)
        page.article = article
    page.preview = True
    page.preview_label = version.label
    page.preview_back_url = version.back_url
    page.related = _related(article)
    page.topics = _topics(article)
    return page
