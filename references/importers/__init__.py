"""Reading reference files: RIS, BibTeX, PubMed/MEDLINE (.nbib), PubMed XML, CSL-JSON.

`parse_references(text, filename=None)` is the entry point: it detects the format, then
returns an `ImportResult` with the good entries, one `EntryError` per entry that could
not be used (with its entry number and, where the format has lines, its line), and the
format read. Text in none of the formats raises `UnsupportedFormat`.

Detection looks at the content, not the name: files are often saved as ``.txt``. The
file name is only used for the error message and to break ties.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import PurePath

from articles.textclean import strip_control
from references.importers import bibtex, csljson, nbib, pubmed_xml, ris
from references.importers.common import EntryError, ImportResult, UnsupportedFormat

__all__ = [
    "FORMATS",
    "EntryError",
    "ImportResult",
    "UnsupportedFormat",
    "decode",
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
logger = logging.getLogger(__name__)
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


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(content: bytes) -> str:
    """Text of an uploaded file: BOM-marked UTF-8/16/32 (common in Windows exports),
    UTF-16 without a BOM (recognised by its zero bytes), UTF-8, else Windows-1252."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content.decode(encoding, errors="replace")
    sample = content[:4000]
    if len(sample) >= 4:
        zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
        if zeros_odd > len(sample) // 4 and zeros_even == 0:
            return content.decode("utf-16-le", errors="replace")
        if zeros_even > len(sample) // 4 and zeros_odd == 0:
            return content.decode("utf-16-be", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def parse_references(text: str | bytes, filename: str | None = None) -> ImportResult:
    """Parse a reference file of any supported format (see the module docstring).

    Never raises anything but ``UnsupportedFormat`` (with a message a person can act on):
    control characters such as NUL are removed first (the database refuses them), a file
    nested deeper than any reference file (thousands of brackets, braces or tags) is
    refused as such, and a reader that fails unexpectedly is reported, not a 500.
    """
    if isinstance(text, bytes):
        text = decode(text)
    text = strip_control(text.lstrip("\ufeff"))
    name = f"'{filename}'" if filename else "The file"
    try:
        file_format = detect_format(filename, text)
        result = _PARSERS[file_format](text)
    except RecursionError:
        raise UnsupportedFormat(
            f"{name} is nested too deeply to be a reference file (thousands of levels of "
            "brackets, braces or tags): nothing in it can be read."
        ) from None
    except UnsupportedFormat:
        raise
    except Exception as error:  # noqa: BLE001 - a third-party reader failing must not be a 500
        logger.exception("Reference file %s could not be read", filename)
        raise UnsupportedFormat(
            f"{name} could not be read ({type(error).__name__}): check that it is a complete "
            f"export in one of {', '.join(FORMATS.values())}."
        ) from None
    if not result.entries and not result.errors:
        result.errors.append(
            EntryError(
                None,
                None,
                f"no references were found in this {FORMATS[file_format]} file "
                "(it has none of the entries the format defines, or they are nested where "
                "no reference can be)",
            )
        )
    return result


def _unsupported_message(filename: str | None, text: str) -> str:
    name = f"'{filename}'" if filename else "The file"
    if not text.strip():
        return f"{name} is empty."
    return (
        f"{name} is not a reference file we can read. Export your references as "
        f"{', '.join(FORMATS.values())}."
    )
