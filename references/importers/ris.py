"""RIS import (Zotero, EndNote, Mendeley, publisher sites), parsed with rispy.

The file is cut into entries at ``ER  -`` lines here, so each entry is parsed on its
own and an entry that breaks is reported with its number and first line while the
others are kept.

Kinds: ``TY`` decides (JOUR → research, BOOK/CHAP → book, ELEC/WEB/BLOG → web,
RPRT/GOVDOC/STAND → guideline); ``M3`` (type of work) or keywords saying "Review",
"Practice Guideline" or "Package Insert" refine it. Authors without a comma are
organisations (RIS writes people as "Family, Given"). Our exporter's custom tags
(C1 label set id, C2 issuing body, C3 manufacturer) are read back; for drug labels from
elsewhere the publisher is the manufacturer and ``DA`` the revision date.
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from references.data import Kind, ReferenceData, organisation, split_name
from references.identifiers import clean_doi, clean_pmid
from references.importers.common import (
    EntryError,
    ImportResult,
    collect,
    expand_page_range,
    kind_from_publication_types,
    parse_loose_date,
    parse_month_date,
)

TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")
COUNTER_LINE = re.compile(r"^\s*\d+\.\s*$")  # rispy and some tools number entries
END_LINE = re.compile(r"^ER  -\s*$")

_KIND_OF_TYPE = {
    "JOUR": Kind.RESEARCH,
    "JFULL": Kind.RESEARCH,
    "EJOUR": Kind.RESEARCH,
    "ABST": Kind.RESEARCH,
    "INPR": Kind.RESEARCH,
    "BOOK": Kind.BOOK,
    "EBOOK": Kind.BOOK,
    "CHAP": Kind.BOOK,
    "ECHAP": Kind.BOOK,
    "EDBOOK": Kind.BOOK,
    "ELEC": Kind.WEB,
    "WEB": Kind.WEB,
    "BLOG": Kind.WEB,
    "RPRT": Kind.GUIDELINE,
    "GOVDOC": Kind.GUIDELINE,
    "STAND": Kind.GUIDELINE,
}


def looks_like(text: str) -> bool:
    """True when the first non-blank line (after a counter line) is an RIS ``TY  -`` line."""
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip() and not COUNTER_LINE.match(line):
            return line.startswith("TY  -")
    return False


def parse(text: str) -> ImportResult:
    result = ImportResult(format="ris")
    for number, (line, chunk) in enumerate(split_entries(text), start=1):
        try:
            records = rispy.loads(chunk)
        except Exception as error:  # noqa: BLE001 - rispy raises bare IOError/ValueError
            result.errors.append(_error(number, line, f"RIS could not be read ({error})"))
            continue
        if len(records) != 1:
            result.errors.append(_error(number, line, "the entry has no 'TY  -' start line"))
            continue
        collect(result, record_to_reference(records[0]), number, line)
    return result


def split_entries(text: str) -> list[tuple[int, str]]:
    """(first line number, text) for each entry, cut at ``ER  -`` lines.

    A trailing entry without ``ER  -`` is still returned, closed, so it gets parsed
    (and reported if it is missing its title) instead of vanishing.
    """
    entries = []
    current: list[str] = []
    start = 0
    for index, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not current and (not line.strip() or COUNTER_LINE.match(line)):
            continue
        if not current:
            start = index
        current.append(line)
        if END_LINE.match(line):
            entries.append((start, "\n".join(current) + "\n"))
            current = []
    if any(line.strip() for line in current):
        entries.append((start, "\n".join([*current, "ER  - "]) + "\n"))
    return entries


def record_to_reference(record: dict[str, Any]) -> ReferenceData:
    """Map one rispy record to our fields."""
    ris_type = record.get("type_of_reference", "")
    kind = kind_from_publication_types(
        [record.get("type_of_work", ""), *record.get("keywords", [])],
        default=_KIND_OF_TYPE.get(ris_type, Kind.RESEARCH),
    )
    year = parse_loose_date(_first(record, "year", "publication_year"))[0]
    date_year, published = parse_loose_date(_first(record, "date"))
    year = year or date_year
    _, accessed = parse_loose_date(record.get("access_date", ""))
    data = ReferenceData(
        kind=kind,
        title=_first(record, "title", "primary_title", "translated_title"),
        authors=[_author(name) for name in _authors(record)],
        container_title=_container(record, ris_type),
        container_title_short=_first(record, "alternate_title1", "alternate_title2"),
        publisher=_first(record, "publisher"),
        publisher_place=_first(record, "place_published"),
        year=year,
        published=published,
        volume=_first(record, "volume"),
        issue=_first(record, "number"),
        pages=_pages(record),
        doi=clean_doi(_first(record, "doi")),
        pmid=_pmid(record),
        url=(record.get("urls") or [""])[0],
        accessed=accessed,
        edition=_first(record, "edition"),
    )
    _drug_label_fields(data, record)
    return data


def _drug_label_fields(data: ReferenceData, record: dict[str, Any]) -> None:
    """Our own custom tags (see `references.exporters`), with fallbacks for other sources."""
    data.label_set_id = _first(record, "custom1")
    data.issuing_body = _first(record, "custom2")
    data.manufacturer = _first(record, "custom3")
    if data.kind != Kind.DRUG_LABEL:
        return
    data.manufacturer = data.manufacturer or data.publisher
    data.revised = parse_month_date(_first(record, "date"))
    data.published = None
    data.year = parse_loose_date(_first(record, "year", "publication_year"))[0]


def _first(record: dict[str, Any], *names: str) -> str:
    for name in names:
        value = record.get(name)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value).strip()
    return ""


def _authors(record: dict[str, Any]) -> list[str]:
    return [*record.get("authors", []), *record.get("first_authors", [])]


def _author(name: str) -> dict[str, str]:
    return split_name(name) if "," in name else organisation(name)


def _container(record: dict[str, Any], ris_type: str) -> str:
    if ris_type in {"BOOK", "EBOOK", "RPRT", "GOVDOC"}:
        return ""
    return _first(record, "journal_name", "alternate_title3", "secondary_title")


def _pages(record: dict[str, Any]) -> str:
    start, end = _first(record, "start_page"), _first(record, "end_page")
    if start and end and "-" not in start:
        return expand_page_range(f"{start}-{end}")
    return expand_page_range(start)


def _pmid(record: dict[str, Any]) -> str:
    source = " ".join(
        [_first(record, "name_of_database"), _first(record, "database_provider")]
    ).lower()
    if "pubmed" in source or "medline" in source or "nlm" in source:
        return clean_pmid(_first(record, "accession_number"))
    return ""


def _error(number: int, line: int, reason: str) -> EntryError:
    return EntryError(entry=number, line=line, reason=reason)
