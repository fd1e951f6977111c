"""What a status source found about one work, independent of the source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class Notice:
    kind: str  # "retraction", "concern", "correction", "update"
    doi: str = ""
    pmid: str = ""
    date: date | None = None
    source: str = ""  # "publisher", "retraction-watch", "pubmed", "crossref-title"


@dataclass
class Findings:
    notices: list[Notice]

    def first(self, kind: str) -> Notice | None:
        found = [n for n in self.notices if n.kind == kind]
        # The earliest dated notice of the kind (two sources reporting one retraction
        # count once: the status is a field, not a list).
        found.sort(key=lambda n: (n.date is None, n.date or date.max))
        return found[0] if found else None
