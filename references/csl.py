"""Converting `ReferenceData` to and from CSL-JSON items.

CSL-JSON is the lingua franca of citation software (Zotero, Pandoc, Crossref's
content negotiation) and the input of citeproc-py, so this module serves the formatter,
the CSL-JSON importer and exporter, and the Crossref lookup.

Decisions:

- Our `Kind` is written to the CSL 1.0.2 ``custom`` object (``custom.kind``), so a
  CSL-JSON export reads back as the same kind; without it the kind is inferred from the
  CSL ``type`` (and ``genre``).
- A guideline with a journal is a journal article; a stand-alone guideline is a
  ``report`` whose author defaults to the issuing body.
- Drug-label-only fields (manufacturer, label set id, revised) have no CSL variable and
  also travel in ``custom``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from references.data import Author, Kind, ReferenceData
from references.identifiers import clean_doi, clean_pmid

_CSL_TYPE_OF_KIND = {
    Kind.RESEARCH: "article-journal",
    Kind.REVIEW: "article-journal",
    Kind.BOOK: "book",
    Kind.WEB: "webpage",
    Kind.DRUG_LABEL: "document",
}

_KIND_OF_CSL_TYPE = {
    "article-journal": Kind.RESEARCH,
    "article": Kind.RESEARCH,
    "article-magazine": Kind.RESEARCH,
    "review": Kind.REVIEW,
    "book": Kind.BOOK,
    "chapter": Kind.BOOK,
    "webpage": Kind.WEB,
    "post": Kind.WEB,
    "post-weblog": Kind.WEB,
    "report": Kind.GUIDELINE,
    "standard": Kind.GUIDELINE,
}

_TEXT_FIELDS = {
    "title": "title",
    "container-title": "container_title",
    "container-title-short": "container_title_short",
    "publisher": "publisher",
    "publisher-place": "publisher_place",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "URL": "url",
    "edition": "edition",
}
_CUSTOM_FIELDS = ("issuing_body", "manufacturer", "label_set_id")


def csl_type(data: ReferenceData) -> str:
    """The CSL item type used to format a reference of this kind."""
    if data.kind == Kind.GUIDELINE:
        return "article-journal" if data.container_title else "report"
    if data.kind == Kind.BOOK and data.container_title:
        return "chapter"  # a chapter: container_title is the book
    return _CSL_TYPE_OF_KIND[data.kind]


def to_csl(
    data: ReferenceData, item_id: str = "ref", *, fill_defaults: bool = True
) -> dict[str, Any]:
    """A CSL-JSON item for one reference (empty fields left out).

    With ``fill_defaults`` (for formatting) a guideline without authors is authored and
    published by its issuing body, and a drug label by its manufacturer. The exporter
    passes ``False`` so that an export reads back exactly as it was.
    """
    item: dict[str, Any] = {"id": item_id, "type": csl_type(data)}
    for csl_name, attr in _TEXT_FIELDS.items():
        value = getattr(data, attr)
        if value:
            item[csl_name] = value
    authors = data.authors or (_default_authors(data) if fill_defaults else [])
    if authors:
        item["author"] = [dict(a) for a in authors]
    if fill_defaults and data.kind == Kind.GUIDELINE and not data.publisher and data.issuing_body:
        item["publisher"] = data.issuing_body
    issued = date_parts(data.published) if data.published else None
    if issued is None and data.year:
        issued = {"date-parts": [[data.year]]}
    if issued:
        item["issued"] = issued
    if data.accessed:
        item["accessed"] = date_parts(data.accessed)
    if data.doi:
        item["DOI"] = data.doi
    if data.pmid:
        item["PMID"] = data.pmid
    item["custom"] = _custom(data)
    return item


def from_csl(item: dict[str, Any]) -> ReferenceData:
    """A `ReferenceData` from a CSL-JSON item (Crossref, Zotero, our own export)."""
    custom = item.get("custom") or {}
    data = ReferenceData(kind=_kind_of_item(item, custom))
    for csl_name, attr in _TEXT_FIELDS.items():
        setattr(data, attr, _text(item.get(csl_name)))
    data.authors = [_author(a) for a in item.get("author") or [] if _author(a)]
    data.year, data.published = _issued(item.get("issued"))
    data.accessed = _full_date(item.get("accessed"))
    data.doi = clean_doi(_text(item.get("DOI")))
    data.pmid = clean_pmid(_text(item.get("PMID")))
    for attr in _CUSTOM_FIELDS:
        setattr(data, attr, _text(custom.get(attr)))
    if custom.get("revised"):
        data.revised = date.fromisoformat(custom["revised"])
    return data


def date_parts(value: date) -> dict[str, Any]:
    """CSL date object for a full date."""
    return {"date-parts": [[value.year, value.month, value.day]]}


def parts_to_dates(parts: list[Any]) -> tuple[int | None, date | None]:
    """(year, full date or None) from a ``[year, month?, day?]`` list of ints or strings."""
    try:
        numbers = [int(p) for p in parts if str(p).strip()]
    except (TypeError, ValueError):
        return None, None
    if not numbers:
        return None, None
    year = numbers[0]
    if len(numbers) >= 3:
        try:
            return year, date(numbers[0], numbers[1], numbers[2])
        except ValueError:
            return year, None
    return year, None


def _default_authors(data: ReferenceData) -> list[Author]:
    if data.kind == Kind.GUIDELINE and data.issuing_body:
        return [{"literal": data.issuing_body}]
    if data.kind == Kind.DRUG_LABEL and data.manufacturer:
        return [{"literal": data.manufacturer}]
    return []


def _custom(data: ReferenceData) -> dict[str, str]:
    custom = {"kind": str(data.kind)}
    for attr in _CUSTOM_FIELDS:
        if getattr(data, attr):
            custom[attr] = getattr(data, attr)
    if data.revised:
        custom["revised"] = data.revised.isoformat()
    return custom


def _kind_of_item(item: dict[str, Any], custom: dict[str, Any]) -> Kind:
    if custom.get("kind") in Kind._value2member_map_:
        return Kind(custom["kind"])
    genre = _text(item.get("genre")).lower()
    if "guideline" in genre:
        return Kind.GUIDELINE
    if "package insert" in genre or "drug label" in genre:
        return Kind.DRUG_LABEL
    if "review" in genre:
        return Kind.REVIEW
    return _KIND_OF_CSL_TYPE.get(_text(item.get("type")), Kind.RESEARCH)


def _text(value: Any) -> str:
    """CSL strings; Crossref sends some as one-element lists."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip() if value is not None else ""


def _author(raw: dict[str, Any]) -> Author:
    if raw.get("literal") or raw.get("name"):
        return {"literal": _text(raw.get("literal") or raw.get("name"))}
    family, given = _text(raw.get("family")), _text(raw.get("given"))
    if not family and not given:
        return {}
    return {"family": family, "given": given}


def _issued(value: Any) -> tuple[int | None, date | None]:
    if not isinstance(value, dict):
        return None, None
    parts = value.get("date-parts") or [[]]
    if parts and parts[0]:
        return parts_to_dates(parts[0])
    raw = _text(value.get("raw") or value.get("literal"))
    return parts_to_dates(raw.replace("/", "-").split("-")[:3]) if raw else (None, None)


def _full_date(value: Any) -> date | None:
    return _issued(value)[1]
