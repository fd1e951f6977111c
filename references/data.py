"""The plain reference record every module in this package reads and writes.

`ReferenceData` is deliberately free of Django: importers, lookups and exporters produce
or consume it, and the `Reference` model (written elsewhere) copies it field by field.

Decisions:

- Text fields default to ``""`` (never ``None``), matching Django ``CharField(blank=True)``.
- Dates are plain `datetime.date` values, never datetimes (no time zone questions).
  ``published`` is set only when the source gives a full day; a source that only says
  "2014 Jul" yields ``year=2014`` and ``published=None`` (AMA prints only the year for
  journals anyway). ``revised`` (drug labels) is printed as "Month Year", so a month-only
  source is stored as the first of that month.
- Authors are dicts so they fit a JSONField as they are: ``{"family", "given"}`` for
  people, ``{"literal"}`` for organisations.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

Author = dict[str, str]


class Kind(StrEnum):
    """What a reference is; decides how AMA formats it."""

    GUIDELINE = "guideline"
    RESEARCH = "research"
    REVIEW = "review"
    DRUG_LABEL = "drug_label"
    BOOK = "book"
    WEB = "web"


DATE_FIELDS = ("published", "accessed", "revised")


@dataclass
class ReferenceData:
    """One bibliographic reference, as plain data (see the module docstring)."""

    kind: Kind = Kind.RESEARCH
    title: str = ""
    authors: list[Author] = field(default_factory=list)
    container_title: str = ""
    container_title_short: str = ""
    publisher: str = ""
    publisher_place: str = ""
    issuing_body: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    published: date | None = None
    doi: str = ""
    pmid: str = ""
    url: str = ""
    accessed: date | None = None
    manufacturer: str = ""
    label_set_id: str = ""
    revised: date | None = None
    edition: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dict: dates as ISO strings, kind as its value."""
        out = dataclasses.asdict(self)
        out["kind"] = str(self.kind)
        for name in DATE_FIELDS:
            value = out[name]
            out[name] = value.isoformat() if value else None
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReferenceData:
        """Inverse of `to_dict`; unknown keys are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        for name in DATE_FIELDS:
            if isinstance(values.get(name), str):
                values[name] = date.fromisoformat(values[name])
        if "kind" in values:
            values["kind"] = Kind(values["kind"])
        values["authors"] = [dict(a) for a in values.get("authors") or []]
        return cls(**values)


def person(family: str, given: str = "") -> Author:
    """An author who is a person."""
    return {"family": family.strip(), "given": given.strip()}


def organisation(name: str) -> Author:
    """An author that is an organisation (AMA prints the name as is)."""
    return {"literal": name.strip()}


def split_name(name: str) -> Author:
    """Split "Family, Given" (or a bare "Family") into an author dict.

    Without a comma the whole string is kept as ``family``: guessing where a given name
    ends is wrong too often for names such as "van der Berg".
    """
    family, sep, given = name.partition(",")
    if not sep:
        return person(family)
    return person(family, given)
