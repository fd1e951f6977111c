"""The text rules every entry path shares: control characters stripped, invisible
formatting refused in the question, the body's size limit and Markdown that cannot be
rendered safely refused (see ``articles.textclean`` and ``articles.rendering``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from ..exceptions import ArticleError
from ..rendering import markdown_problem
from ..textclean import invisible_problem, strip_control

TEXT_FIELDS = ("title", "summary", "body", "alt_summary", "alt_body")


def text_problem(name: str, value: str) -> str | None:
    """Why ``value`` may not be stored as field ``name`` (after ``strip_control``), or None:
    invisible formatting characters in the question, a body over the size limit or
    Markdown that cannot be rendered safely."""
    if name == "title":
        return invisible_problem(value, "question (title)")
    if name == "body":
        return body_size_problem(value) or markdown_problem(value)
    return None


def clean_text_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Strip control characters (NUL…) from the text fields and refuse what must not be
    stored (``text_problem``). The one rule every entry path (admin, editorial screens,
    imports, scripts) goes through; the admin form asks ``text_problem`` to show it
    beside the field. See ``articles.textclean``."""
    for name in TEXT_FIELDS:
        if isinstance(values.get(name), str):
            values[name] = strip_control(values[name])
    for name in TEXT_FIELDS:
        if not isinstance(values.get(name), str):
            continue
        problem = text_problem(name, values[name])
        if problem:
            raise ArticleError(
                problem
                if problem.endswith("Nothing was saved.") or name == "title"
                else f"{problem} Nothing was saved."
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
