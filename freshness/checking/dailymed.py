"""DailyMed SPL version history (``GET {DAILYMED_API_URL}/spls/{setid}/history.json``).

Documented shape: ``{"metadata": {...}, "data": [{"spl_version": 3, "published_date":
"Jan 15, 2021"}, ...]}``. Versions arrive as numbers or strings; ``data`` may be ``null`` or
absent (no published version known); dates come as "Mon DD, YYYY" (or ISO).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime


@dataclass
class LabelVersion:
    version: int
    published: date | None


def _date(value) -> date | None:
    text = str(value or "").strip()
    for pattern in ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    return None


def parse_history(body: str | bytes | dict) -> LabelVersion | None:
    """The latest published version, or ``None`` when the history lists none."""
    data = json.loads(body) if isinstance(body, str | bytes) else body
    rows = (data or {}).get("data") or []
    latest = None
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        try:
            version = int(str(row.get("spl_version", "")).strip())
        except ValueError:
            continue
        if latest is None or version > latest.version:
            latest = LabelVersion(version, _date(row.get("published_date")))
    return latest
