"""AMA reference for a drug label (package insert), which CSL has no type for.

Shape, following the AMA Manual's package-insert pattern::

    Manufacturer. Drug name [package insert]. Place: Manufacturer; Revised Month Year.
    Accessed Month Day, Year. URL

Missing parts are left out with their punctuation: no place gives
"Manufacturer; Revised ...", no revision date falls back to the year, no URL but a
DailyMed set id gives the DailyMed page for that label.
"""

from __future__ import annotations

from datetime import date

from references.data import ReferenceData
from references.formatting.engine import markers_to_outputs, strip_markers

DAILYMED_URL = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={}"


def format_drug_label(data: ReferenceData) -> tuple[str, str]:
    """(html, text) for a drug label."""
    manufacturer = _clean(data.manufacturer or data.publisher or _first_author(data))
    sentences = [
        manufacturer,
        f"{_clean(data.title)} [package insert]",
        _publication(data, manufacturer),
        _access(data),
    ]
    marked = " ".join(_sentence(s) for s in sentences if s)
    url = label_url(data)
    if url:
        marked = f"{marked} {_clean(url)}"
    return markers_to_outputs(marked)


def label_url(data: ReferenceData) -> str:
    """The label's URL, or its DailyMed page when only the set id is known."""
    if data.url:
        return data.url
    if data.label_set_id:
        return DAILYMED_URL.format(data.label_set_id)
    return ""


def month_year(value: date) -> str:
    return f"{value:%B} {value.year}"


def month_day_year(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def _publication(data: ReferenceData, manufacturer: str) -> str:
    publisher = _clean(data.publisher or manufacturer)
    where = f"{_clean(data.publisher_place)}: {publisher}" if data.publisher_place else publisher
    if data.revised:
        when = f"Revised {month_year(data.revised)}"
    elif data.year:
        when = str(data.year)
    else:
        when = ""
    return "; ".join(part for part in (where, when) if part)


def _access(data: ReferenceData) -> str:
    return f"Accessed {month_day_year(data.accessed)}" if data.accessed else ""


def _first_author(data: ReferenceData) -> str:
    if not data.authors:
        return ""
    author = data.authors[0]
    return author.get("literal") or author.get("family", "")


def _clean(value: str) -> str:
    return strip_markers(value).strip()


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."
