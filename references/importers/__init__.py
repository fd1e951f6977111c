"""Reading reference files: RIS, BibTeX, PubMed/MEDLINE (.nbib), PubMed XML, CSL-JSON.

`parse_references(text, filename=None)` is the entry point: it detects the format, then
returns an `ImportResult` with the good entries, one `EntryError` per entry that could
not be used (with its entry number and, where the format has lines, its line), and the
format read. Text in none of the formats raises `UnsupportedFormat`.

Detection looks at the content, not the name: files are often saved as ``.txt``. The
file name is only used for the error message and to break ties.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from references.importers import bibtex, csljson, nbib, pubmed_xml, ris
from references.importers.common import EntryError, ImportResult, UnsupportedFormat

__all__ = [
    "FORMATS",
    "EntryError",
    "ImportResult",
    "UnsupportedFormat",
    "detect_format",
    "parse_references",
]

FORMATS: dict[str, str] = {
    "ris": "RIS",
    "nbib": "PubMed/MEDLINE (.nbib)",
    "pubmed_xml": "PubMed XML",
    "csljson": "CSL-JSON",
    "bibtex": "BibTeX",
}
_PARSERS: dict[str, Callable[[str], ImportResult]] = {
    "ris": ris.parse,
    "nbib": nbib.parse,
    "pubmed_xml": pubmed_xml.parse,
    "csljson": csljson.parse,
    "bibtex": bibtex.parse,
}
_DETECTORS: list[tuple[str, Callable[[str], bool]]] = [
    ("ris", ris.looks_like),
    ("nbib", nbib.looks_like),
    ("pubmed_xml", pubmed_xml.looks_like),
    ("csljson", csljson.looks_like),
    ("bibtex", bibtex.looks_like),
]
_EXTENSIONS = {
    ".ris": "ris",
    ".nbib": "nbib",
    ".medline": "nbib",
    ".xml": "pubmed_xml",
    ".json": "csljson",
    ".bib": "bibtex",
}


def detect_format(filename: str | None, text: str) -> str:
    """The format key (see `FORMATS`) of the text, or raise `UnsupportedFormat`."""
    matches = [name for name, looks_like in _DETECTORS if looks_like(text)]
    if not matches:
        raise UnsupportedFormat(_unsupported_message(filename, text))
    by_extension = _EXTENSIONS.get(PurePath(filename).suffix.lower()) if filename else None
    return by_extension if by_extension in matches else matches[0]


def parse_references(text: str | bytes, filename: str | None = None) -> ImportResult:
    """Parse a reference file of any supported format (see the module docstring)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", errors="replace")
    file_format = detect_format(filename, text)
    return _PARSERS[file_format](text)


def _unsupported_message(filename: str | None, text: str) -> str:
    name = f"'{filename}'" if filename else "The file"
    if not text.strip():
        return f"{name} is empty."
    return (
        f"{name} is not a reference file we can read. Export your references as "
        f"{', '.join(FORMATS.values())}."
    )
