"""BibTeX / BibLaTeX import, parsed with bibtexparser 2.

bibtexparser 2 API: ``bibtexparser.parse_string(text)`` returns a ``Library`` whose
``entries`` have ``entry_type``, ``key``, ``fields_dict`` and a 0-based ``start_line``,
and whose ``failed_blocks`` hold the blocks it could not parse (also with
``start_line``): each becomes an error, the other entries are kept.

Names are split here, not by bibtexparser's name middleware, so that a name wrapped in
braces (``{Infectious Diseases Society of America}``) is recognised as an organisation
before LaTeX is decoded (pylatexenc, a bibtexparser dependency, turns ``{\\"u}`` into ü).

Kinds: article → research; book/inbook/incollection → book; online/electronic/www, and
misc with a URL but no journal → web; techreport/report/manual → guideline; a
``pubtype``/``type``/``keywords`` field saying review/guideline/package insert refines it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import bibtexparser
from bibtexparser.model import Entry
from pylatexenc.latex2text import LatexNodes2Text

from references.data import Author, Kind, ReferenceData, organisation, person
from references.identifiers import clean_doi, clean_pmid
from references.importers.common import (
    EntryError,
    ImportResult,
    collect,
    expand_page_range,
    kind_from_publication_types,
    parse_loose_date,
)

_KIND_OF_TYPE = {
    "article": Kind.RESEARCH,
    "book": Kind.BOOK,
    "inbook": Kind.BOOK,
    "incollection": Kind.BOOK,
    "online": Kind.WEB,
    "electronic": Kind.WEB,
    "www": Kind.WEB,
    "techreport": Kind.GUIDELINE,
    "report": Kind.GUIDELINE,
    "manual": Kind.GUIDELINE,
}
_ENTRY_START = re.compile(r"^\s*@(?!comment|preamble|string)\w+\s*[{(]", re.IGNORECASE | re.M)
_LATEX = LatexNodes2Text()


def looks_like(text: str) -> bool:
    return bool(_ENTRY_START.search(text))


def parse(text: str) -> ImportResult:
    result = ImportResult(format="bibtex")
    library = _parse_quietly(text)
    blocks = sorted([*library.entries, *library.failed_blocks], key=lambda block: block.start_line)
    for number, block in enumerate(blocks, start=1):
        line = block.start_line + 1
        if not hasattr(block, "fields_dict"):
            reason = f"BibTeX could not be read ({_failure(block)})"
            result.errors.append(EntryError(entry=number, line=line, reason=reason))
            continue
        collect(result, entry_to_reference(block), number, line)
    return result


def _parse_quietly(text: str) -> bibtexparser.Library:
    """bibtexparser logs every failed block; we report them ourselves."""
    logger = logging.getLogger("bibtexparser")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        return bibtexparser.parse_string(text)
    finally:
        logger.setLevel(previous)


def _failure(block: object) -> str:
    """bibtexparser's own message when it has one, else a hint at the usual causes."""
    error = getattr(block, "error", None)
    message = str(error or "").strip()
    if message:
        return message.splitlines()[0]
    return "syntax error: look for an unclosed brace or quote, or a missing comma"


def entry_to_reference(entry: Entry) -> ReferenceData:
    fields = {key.lower(): field.value for key, field in entry.fields_dict.items()}

    def get(*names: str) -> str:
        for name in names:
            if fields.get(name):
                return _decode(str(fields[name]))
        return ""

    entry_type = entry.entry_type.lower()
    default = _KIND_OF_TYPE.get(entry_type, Kind.RESEARCH)
    if entry_type == "misc" and get("url", "howpublished") and not get("journal"):
        default = Kind.WEB
    year, published = parse_loose_date(get("date") or " ".join([get("year"), get("month")]))
    _, accessed = parse_loose_date(get("urldate"))
    return ReferenceData(
        kind=kind_from_publication_types(
            [get("pubtype"), get("type"), *get("keywords").split(",")], default=default
        ),
        title=get("title"),
        authors=_authors(str(fields.get("author", ""))),
        container_title=_container(entry_type, get),
        container_title_short=get("shortjournal", "journalabbrev", "journal-abbrev"),
        publisher=get("publisher", "institution", "organization"),
        publisher_place=get("address", "location"),
        year=year,
        published=published,
        volume=get("volume"),
        issue=get("number", "issue"),
        pages=expand_page_range(get("pages")),
        doi=clean_doi(get("doi")),
        pmid=clean_pmid(get("pmid")),
        url=get("url"),
        accessed=accessed,
        edition=get("edition"),
    )


def _container(entry_type: str, get: Callable[..., str]) -> str:
    """The journal, or for a chapter (inbook/incollection) the book it is in."""
    if entry_type in {"inbook", "incollection"}:
        return get("booktitle")
    if entry_type == "book":
        return ""
    return get("journal", "journaltitle", "booktitle")


def _authors(raw: str) -> list[Author]:
    return [_author(name) for name in split_names(raw)]


def split_names(raw: str) -> list[str]:
    """Split on " and " outside braces."""
    names, depth, current = [], 0, []
    for piece in re.split(r"(\{|\}|\s+and\s+)", raw):
        depth += {"{": 1, "}": -1}.get(piece, 0)
        if depth == 0 and re.fullmatch(r"\s+and\s+", piece or ""):
            names.append("".join(current).strip())
            current = []
        else:
            current.append(piece or "")
    names.append("".join(current).strip())
    return [n for n in names if n]


def _author(name: str) -> Author:
    """BibTeX names: "{Org}" → organisation, "Last, First", or "First von Last"."""
    if name.startswith("{") and name.endswith("}") and _balanced(name[1:-1]):
        return organisation(_decode(name[1:-1]))
    if "," in name:
        family, _, given = name.partition(",")
        return person(_decode(family), _decode(given))
    words = name.split()
    return person(_decode(words[-1]), _decode(" ".join(words[:-1])))


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _decode(value: str) -> str:
    if "\\" not in value and "{" not in value and "~" not in value:
        return " ".join(value.split())
    return " ".join(_LATEX.latex_to_text(value).split())
