"""Shared pieces of the importers: results, errors and field clean-up."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from references.data import Kind, ReferenceData

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


class UnsupportedFormat(ValueError):
    """The text is none of the formats we read; the message lists them."""


@dataclass(frozen=True)
class EntryError:
    """Why one entry of a file was skipped, and where it is (1-based)."""

    entry: int | None
    line: int | None
    reason: str

    @property
    def message(self) -> str:
        where = []
        if self.entry is not None:
            where.append(f"entry {self.entry}")
        if self.line is not None:
            where.append(f"line {self.line}")
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.reason}" if prefix else self.reason


@dataclass
class ImportResult:
    """What a file gave: the good entries, an error per bad one, and the format read."""

    entries: list[ReferenceData] = field(default_factory=list)
    errors: list[EntryError] = field(default_factory=list)
    format: str = ""


def check_entry(data: ReferenceData) -> str | None:
    """The reason an entry cannot be kept, or None. Only a title is indispensable."""
    if not data.title.strip():
        return "the entry has no title"
    return None


def collect(result: ImportResult, data: ReferenceData, entry: int, line: int | None = None) -> None:
    """Add an entry to the result, or an error if it fails `check_entry`."""
    reason = check_entry(data)
    if reason:
        result.errors.append(EntryError(entry=entry, line=line, reason=reason))
    else:
        result.entries.append(data)


def kind_from_publication_types(types: list[str], default: Kind = Kind.RESEARCH) -> Kind:
    """Kind from PubMed publication types (or RIS/BibTeX "type of work" words).

    A guideline wins over a review (guidelines are often tagged both); "Review",
    "Systematic Review" and "Scoping Review" make a review; anything else keeps the
    default (a meta-analysis is research here).
    """
    lowered = [t.strip().lower() for t in types]
    if any("guideline" in t for t in lowered):
        return Kind.GUIDELINE
    if any("package insert" in t or "drug label" in t for t in lowered):
        return Kind.DRUG_LABEL
    if any(t.endswith("review") for t in lowered):
        return Kind.REVIEW
    return default


def parse_loose_date(text: str) -> tuple[int | None, date | None]:
    """(year, full date) from "2014 Jul 15", "2014/07/15/", "2014-07", "2013 Winter"...

    The full date is given only when year, month and day are all there and valid.
    """
    tokens = [t for t in re.split(r"[\s/\-.,]+", text or "") if t]
    if not tokens or not re.fullmatch(r"\d{4}", tokens[0]):
        match = re.search(r"\b(\d{4})\b", text or "")
        return (int(match.group(1)) if match else None), None
    year = int(tokens[0])
    month = _month(tokens[1]) if len(tokens) > 1 else None
    day = int(tokens[2]) if len(tokens) > 2 and tokens[2].isdigit() else None
    if month and day:
        try:
            return year, date(year, month, day)
        except ValueError:
            return year, None
    return year, None


def parse_month_date(text: str) -> date | None:
    """A date for "Month Year" display (drug-label revisions): day 1 when no day is given."""
    tokens = [t for t in re.split(r"[\s/\-.,]+", text or "") if t]
    if len(tokens) < 2 or not re.fullmatch(r"\d{4}", tokens[0]):
        return None
    month = _month(tokens[1])
    day = int(tokens[2]) if len(tokens) > 2 and tokens[2].isdigit() else 1
    if not month:
        return None
    try:
        return date(int(tokens[0]), month, day)
    except ValueError:
        return date(int(tokens[0]), month, 1)


def _month(token: str) -> int | None:
    if token.isdigit():
        number = int(token)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(token.lower())


def expand_page_range(pages: str) -> str:
    """Write MEDLINE-abbreviated ranges in full: "1123-9" → "1123-1129", "e10-52" → "e10-e52".

    Also turns BibTeX's "--" and en dashes into a hyphen, as AMA prints ranges.
    """
    text = re.sub(r"\s*(?:--|–|—)\s*", "-", (pages or "").strip())
    match = re.fullmatch(r"([A-Za-z]*)(\d+)-([A-Za-z]*)(\d+)", text)
    if not match:
        return text
    prefix, first, end_prefix, last = match.groups()
    if end_prefix and end_prefix != prefix:
        return text
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{prefix}{first}-{prefix}{last}"


def strip_final_period(title: str) -> str:
    """PubMed ends every title with a period; the formatter adds its own."""
    title = " ".join((title or "").split())
    if title.endswith(".") and not title.endswith(".."):
        return title[:-1]
    return title
