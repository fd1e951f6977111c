"""PubMed/MEDLINE text format (``.nbib``, PubMed's "Save → PubMed format").

Written here rather than depending on the ``nbib`` package (one release, 2021). The
format: records separated by blank lines, each starting with ``PMID- ``; a line is a tag
padded to four characters, ``- ``, and the value; continuation lines are indented by six
spaces. Tags read: PMID, TI, BTI, FAU/AU and CN (in order of appearance, so group
authors keep their place), JT, TA, VI, IP, PG, DP, AID/LID (``[doi]``), PT, PB, PL, EN.
"""

from __future__ import annotations

import re

from references.data import Author, Kind, ReferenceData, organisation, split_name
from references.identifiers import clean_doi, clean_pmid
from references.importers.common import (
    ImportResult,
    collect,
    expand_page_range,
    kind_from_publication_types,
    parse_loose_date,
    strip_final_period,
)

TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3})\s*- (.*)$")
CONTINUATION = "      "

Record = list[tuple[str, str]]


def looks_like(text: str) -> bool:
    """True when the first non-blank line is ``PMID- ...``."""
    for line in text.splitlines():
        if line.strip():
            return bool(re.match(r"^\ufeff?PMID\s*- ", line))
    return False


def parse(text: str) -> ImportResult:
    result = ImportResult(format="nbib")
    for number, (line, record) in enumerate(split_records(text), start=1):
        collect(result, record_to_reference(record), number, line)
    return result


def split_records(text: str) -> list[tuple[int, Record]]:
    """(first line, [(tag, value), ...]) per record; continuation lines are joined."""
    records: list[tuple[int, Record]] = []
    current: Record = []
    start = 0
    for index, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if not line:
            if current:
                records.append((start, current))
                current = []
            continue
        match = TAG_LINE.match(line)
        if match:
            if not current:
                start = index
            current.append((match.group(1), match.group(2).strip()))
        elif current and raw.startswith(CONTINUATION):
            tag, value = current[-1]
            current[-1] = (tag, f"{value} {line.strip()}")
    if current:
        records.append((start, current))
    return records


def record_to_reference(record: Record) -> ReferenceData:
    values: dict[str, list[str]] = {}
    for tag, value in record:
        values.setdefault(tag, []).append(value)

    def first(tag: str) -> str:
        return values.get(tag, [""])[0]

    is_book = bool(first("BTI")) and not first("JT")
    year, published = parse_loose_date(first("DP"))
    return ReferenceData(
        kind=kind_from_publication_types(
            values.get("PT", []), default=Kind.BOOK if is_book else Kind.RESEARCH
        ),
        title=strip_final_period(first("TI") or first("BTI")),
        authors=_authors(record),
        container_title=first("JT"),
        container_title_short=first("TA"),
        publisher=first("PB"),
        publisher_place=first("PL") if is_book else "",
        year=year,
        published=published,
        volume=first("VI"),
        issue=first("IP"),
        pages=expand_page_range(first("PG")),
        doi=_doi(values.get("AID", []) + values.get("LID", [])),
        pmid=clean_pmid(first("PMID")),
        edition=first("EN"),
    )


def _authors(record: Record) -> list[Author]:
    """Full names (FAU) when present, else short ones (AU), plus corporate authors (CN)."""
    has_full = any(tag == "FAU" for tag, _ in record)
    person_tag = "FAU" if has_full else "AU"
    authors = []
    for tag, value in record:
        if tag == person_tag:
            authors.append(_person(value, full=has_full))
        elif tag == "CN":
            authors.append(organisation(value))
    return authors


def _person(value: str, *, full: bool) -> Author:
    if full or "," in value:
        return split_name(value)
    family, _, initials = value.rpartition(" ")
    return split_name(f"{family}, {initials}") if family else split_name(value)


def _doi(ids: list[str]) -> str:
    for value in ids:
        if value.endswith("[doi]"):
            return clean_doi(value.removesuffix("[doi]").strip())
    return ""
