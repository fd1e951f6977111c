"""The text rules every entry path shares: control characters stripped, invisible
formatting refused in the question, the body's size limit and Markdown that cannot be
rendered safely refused (see ``articles.textclean`` and ``articles.rendering``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from ..exceptions import ArticleError
from ..rendering import markdown_problem
from ..textclean import invisible_problem, strip_control


def clean_text_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Strip control characters (NUL…) from the title, summary and body, and refuse what
    must not be stored: invisible formatting characters in the question, a body over the
    size limit. The one place every entry path (admin, editorial screens, imports,
    scripts) goes through; see ``articles.textclean``."""
    for name in ("title", "summary", "body", "alt_summary", "alt_body"):
        if isinstance(values.get(name), str):
            values[name] = strip_control(values[name])
    problem = invisible_problem(values.get("title") or "", "question (title)")
    if problem:
        raise ArticleError(problem)
    body = values.get("body")
    if isinstance(body, str):
        refusal = body_size_problem(body) or markdown_problem(body)
        if refusal:
            raise ArticleError(
                refusal
                if refusal.endswith("Nothing was saved.")
                else f"{refusal} Nothing was saved."
            )
    return values


def body_size_problem(body: str) -> str | None:
    """The refusal for a body over ``ARTICLE_BODY_MAX_KB`` (UTF-8), or ``None``."""
    limit = settings.ARTICLE_BODY_MAX_KB
    size = len(body.encode("utf-8", errors="replace"))
    if size <= limit * 1024:
        return None
    return (
        f"The body is {size / 1024:,.0f} KB of Markdown; the maximum is {limit} KB. "
        "Split it into several articles or shorten it. Nothing was saved."
    )
