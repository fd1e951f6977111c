"""Staff preview: any version of an article as readers would see it, marked "not public".

The review decides *which* version is previewed (a history record of this article, and its
frozen ``PublishedVersion`` when that record was approved) and who may see it. *How* it is
drawn is the public site's business: the app that serves the public pages registers a
renderer from its ``AppConfig.ready()`` (``readers`` does), so the preview always follows
the current public layout without ``review`` importing the app above it.

Registration is mandatory: without a renderer the system check ``review.E001`` fails at
start-up, and the preview view refuses to render (``ImproperlyConfigured``) rather than
showing staff a page that is not what readers see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import checks
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


PreviewRenderer = Callable[[HttpRequest, PreviewVersion], HttpResponse]
_renderer: PreviewRenderer | None = None


def register_preview_renderer(renderer: PreviewRenderer | None) -> None:
    """Set how staff previews are drawn (the public site's app calls this once)."""
    global _renderer  # noqa: PLW0603 - a registry set once at start-up
    _renderer = renderer


def preview_renderer() -> PreviewRenderer | None:
    return _renderer


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
    """The preview page, drawn by the registered renderer, never indexed nor cached."""
    if _renderer is None:
        raise ImproperlyConfigured(
            "No staff preview renderer is registered: add the public site app (readers) "
            "to INSTALLED_APPS."
        )
    response = _renderer(request, version)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@checks.register()
def check_preview_renderer(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if _renderer is not None:
        return []
    return [
        checks.Error(
            "No staff preview renderer is registered.",
            hint="Install the public site app (readers), which registers it from ready().",
            id="review.E001",
        )
    ]
