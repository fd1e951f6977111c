"""Markdown to safe HTML.

Editors write Markdown; readers get HTML that cannot carry scripts, event handlers or
styles, whatever was typed. Markdown does the conversion, nh3 (the Ammonia sanitiser) the
cleaning, with an allow-list of the tags an article needs.
"""

import re

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


def render_preview(article) -> dict:
    """``{"body_html", "alt_body_html", "references"}`` for the working text; reads only.

    What readers see of a text not approved yet is built by the article extensions (the
    reference library numbers the citations, as the approving service does); without one
    the Markdown is rendered.
    """
    from . import extensions

    data = extensions.preview(article)
    if data is None:
        data = {"body_html": render_markdown(article.body), "references": []}
    if "alt_body_html" not in data:
        alt = article.alt_body if article.alt_body.strip() else ""
        data = {**data, "alt_body_html": render_markdown(alt) if alt else ""}
    return data
