"""Markdown to safe HTML.

Editors write Markdown; readers get HTML that cannot carry scripts, event handlers or
styles, whatever was typed. Markdown does the conversion, nh3 (the Ammonia sanitiser) the
cleaning, with an allow-list of the tags an article needs.
"""

import markdown
import nh3

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


def render_markdown(source: str) -> str:
    html = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
