"""Markdown to safe HTML.

Editors write Markdown; readers get HTML that cannot carry scripts, event handlers or
styles, whatever was typed. Markdown does the conversion, nh3 (the Ammonia sanitiser) the
cleaning, with an allow-list of the tags an article needs.
"""

import re
from collections.abc import Callable
from typing import Any

import markdown
import nh3
from django.utils.html import escape

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b",
    "i", "sup", "sub", "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr",
    "th", "td", "span", "abbr", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "sup": {"class", "id"},
    "span": {"class"},
    "abbr": {"title"},
    "th": {"scope"},
    "li": {"id"},
}


# Python-Markdown's link parser is quadratic in nested brackets: 20,000 "[" took 107 s to
# render (a 40 KB body, well under the size limit), "[a](" repeated never finished. No
# article needs brackets nested this deep; such a body is refused at save and, if one is
# stored already, shown as plain text rather than hanging the page.
MAX_BRACKET_DEPTH = 32
_BRACKETS = re.compile(r"[\[\]()]")
_CLOSING = {"]": "[", ")": "("}


def markdown_problem(source: str) -> str | None:
    """Why ``source`` cannot be rendered in reasonable time, or ``None``."""
    for number, paragraph in enumerate(re.split(r"\n\s*\n", source or ""), start=1):
        depth = {"[": 0, "(": 0}
        for match in _BRACKETS.finditer(paragraph):
            char = match.group()
            if char in depth:
                depth[char] += 1
                if depth[char] > MAX_BRACKET_DEPTH:
                    return (
                        f"Paragraph {number} has brackets “{char}” nested more than "
                        f"{MAX_BRACKET_DEPTH} deep (or left unclosed): close them or remove "
                        "the extra ones."
                    )
            else:
                opening = _CLOSING[char]
                depth[opening] = max(depth[opening] - 1, 0)
    return None


def render_markdown(source: str) -> str:
    if markdown_problem(source):
        return f'<pre class="unrendered">{escape(source)}</pre>'
    html = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# What readers see of a text that is not approved yet (a pending article) is built by the
# apps above this one, the way the approving service builds a published version: the
# reference library renders citation markers as numbered links and lists the references.
# It registers a builder from its AppConfig.ready(); without one the Markdown is rendered.
PreviewBuilder = Callable[[Any], dict]
_preview_builder: PreviewBuilder | None = None


def register_preview_builder(builder: PreviewBuilder) -> None:
    global _preview_builder  # noqa: PLW0603 - a registry set once at start-up
    _preview_builder = builder


def render_preview(article) -> dict:
    """``{"body_html", "references"}`` for the working text; reads only."""
    if _preview_builder is not None:
        return _preview_builder(article)
    return {"body_html": render_markdown(article.body), "references": []}
