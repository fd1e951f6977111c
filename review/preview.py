"""Staff preview: any version of an article as readers would see it, marked "not public".

The review decides *which* version is previewed (a history record of this article, and its
frozen ``PublishedVersion`` when that record was approved) and who may see it. *How* it is
drawn is the public site's business: a review extension (``REVIEW_EXTENSIONS``) renders
it (``readers.extensions.ReadersReview``), so the preview always follows the current
public layout without ``review`` importing the app above it.

A renderer is mandatory: without one the system check ``review.E001`` fails at start-up,
and the preview view refuses to render (``ImproperlyConfigured``) rather than showing
staff a page that is not what readers see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

from articles.models import Article, ArticleStatus, PublishedVersion


@dataclass(frozen=True)
class PreviewVersion:
    """One version of ``article`` to preview.

    ``record`` is the history record (``record.instance`` is an unsaved ``Article`` with
    that version's fields); ``published`` is set when that record was approved, and is then
    what readers saw. ``label`` says which version it is, ``back_url`` where staff go back.
    """

    article: Article
    record: Any
    published: PublishedVersion | None
    label: str
    back_url: str


def preview_version(article: Article, *, history_id: int | None, back_url: str) -> PreviewVersion:
    """The version of ``article`` at ``history_id`` (default: the current text).

    Reads only; raises ``LookupError`` for a version that is not one of this article's.
    """
    records = article.history.order_by("-history_id")
    record = records.filter(history_id=history_id).first() if history_id else records.first()
    if record is None:
        raise LookupError("No such version of this article.")
    published = article.published_versions.filter(history_id=record.history_id).first()
    if published is not None:
        label = f"the approved version {published.approval_reference}"
    else:
        current = records.values_list("history_id", flat=True).first() == record.history_id
        saved = f"the version saved {record.history_date:%Y-%m-%d %H:%M}"
        state = ArticleStatus(record.status).label.lower()
        label = f"{'the current text' if current else saved} ({state})"
    return PreviewVersion(
        article=article, record=record, published=published, label=label, back_url=back_url
    )


def render_preview_page(request: HttpRequest, version: PreviewVersion) -> HttpResponse:
    """The preview page, drawn by the first review extension that renders previews, never
    indexed nor cached."""
    from .extensions import preview_renderers

    renderers = preview_renderers()
    if not renderers:
        raise ImproperlyConfigured(
            "No staff preview renderer: list the public site's review extension "
            "(readers.extensions.ReadersReview) in REVIEW_EXTENSIONS."
        )
    response = renderers[0].render_preview(request, version)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
