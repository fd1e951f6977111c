"""What readers will see of an approved version, built when the board approves it.

``articles`` stores the frozen version as plain data and cannot ask the apps above it, so
the approving service (``review.services.review_decide``) builds that data here and hands
it to ``articles.services.article_approve(published=...)``.

Extension point: the reference library (``references``, being built separately) knows how
to number citations and format the reference list. It plugs in by naming its own builder
in ``settings.REVIEW_PUBLISHED_CONTENT_BUILDER`` (a dotted path to a function taking the
article and returning ``{"body_html": str, "references": [{"html": str, ...}, ...]}``).
Until it does, the body is rendered as plain Markdown and the reference list is empty.
The same builder renders the current text on the editorial review page, so reviewers see
exactly what readers will see.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from articles.models import Article
from articles.rendering import render_markdown

DEFAULT_BUILDER = "review.publishing.default_published_content"


def default_published_content(article: Article) -> dict[str, Any]:
    return {"body_html": render_markdown(article.body), "references": []}


def published_content(article: Article) -> dict[str, Any]:
    """``body_html`` and ``references`` of ``article``'s current text, as readers will see it."""
    builder = import_string(getattr(settings, "REVIEW_PUBLISHED_CONTENT_BUILDER", DEFAULT_BUILDER))
    content = builder(article)
    return {"body_html": content["body_html"], "references": list(content.get("references", []))}
