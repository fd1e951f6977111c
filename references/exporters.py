"""Writing references out as RIS and CSL-JSON, for editors' reference managers.

Both exports read back through `references.importers` as the same `ReferenceData`
(tested). Fields with no standard home travel in places that other tools ignore:

- RIS: ``M3`` (type of work) carries "Review", "Practice Guideline" or
  "Package Insert"; ``C1`` the DailyMed label set id, ``C2`` the issuing body, ``C3``
  the manufacturer; ``AN`` the PMID with ``DB  - PubMed``; ``DA`` the publication date
  (for drug labels, the revision date).
- CSL-JSON: the CSL 1.0.2 ``custom`` object (see `references.csl`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import rispy

from references.csl import to_csl
from references.data import Author, Kind, ReferenceData

_RIS_TYPE = {
    Kind.RESEARCH: "JOUR",
    Kind.REVIEW: "JOUR",
    Kind.BOOK: "BOOK",
    Kind.WEB: "ELEC",
    Kind.DRUG_LABEL: "GEN",
}
_TYPE_OF_WORK = {
    Kind.REVIEW: "Review",
    Kind.GUIDELINE: "Practice Guideline",
    Kind.DRUG_LABEL: "Package Insert",
}


class _PlainRisWriter(rispy.RisWriter):
    """rispy's writer without the "1." counter line it puts before each entry."""

    def set_header(self, count: int) -> str:
        return ""


def export_ris(entries: Sequence[ReferenceData]) -> str:
    """RIS text for the entries, in order."""
    return rispy.dumps([_ris_record(data) for data in entries], implementation=_PlainRisWriter)


def export_csl_json(entries: Sequence[ReferenceData], ids: Sequence[str] | None = None) -> str:
    """CSL-JSON text (an array); ids default to ``ref1``, ``ref2``... (e.g. pass cite keys)."""
    keys = list(ids) if ids is not None else [f"ref{n}" for n in range(1, len(entries) + 1)]
    items = [
        to_csl(data, item_id=key, fill_defaults=False)
        for data, key in zip(entries, keys, strict=True)
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _ris_record(data: ReferenceData) -> dict[str, Any]:
    record: dict[str, Any] = {"type_of_reference": _ris_type(data)}
    optional = {
        "title": data.title,
        "secondary_title": data.container_title,
        "alternate_title1": data.container_title_short,
        "type_of_work": _TYPE_OF_WORK.get(data.kind, ""),
        "publisher": data.publisher,
        "place_published": data.publisher_place,
        "year": str(data.year) if data.year else "",
        "date": _ris_date(data.revised if data.kind == Kind.DRUG_LABEL else data.published),
        "volume": data.volume,
        "number": data.issue,
        "doi": data.doi,
        "accession_number": data.pmid,
        "name_of_database": "PubMed" if data.pmid else "",
        "access_date": _ris_date(data.accessed),
        "edition": data.edition,
        "custom1": data.label_set_id,
        "custom2": data.issuing_body,
        "custom3": data.manufacturer,
    }
    record.update({key: value for key, value in optional.items() if value})
    if data.authors:
        record["authors"] = [_ris_name(author) for author in data.authors]
    if data.url:
        record["urls"] = [data.url]
    record.update(_ris_pages(data.pages))
    return record


def _ris_type(data: ReferenceData) -> str:
    if data.kind == Kind.GUIDELINE:
        return "JOUR" if data.container_title else "RPRT"
    if data.kind == Kind.BOOK and data.container_title:
        return "CHAP"
    return _RIS_TYPE[data.kind]


def _ris_name(author: Author) -> str:
    """People as "Family, Given" (RIS convention); organisations as they are, no comma."""
    if author.get("literal"):
        return author["literal"].replace(",", "")
    return f"{author.get('family', '')}, {author.get('given', '')}".strip()


def _ris_date(value: date | None) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}" if value else ""


def _ris_pages(pages: str) -> dict[str, str]:
    if not pages:
        return {}
    start, sep, end = pages.partition("-")
    return {"start_page": start, "end_page": end} if sep else {"start_page": start}
