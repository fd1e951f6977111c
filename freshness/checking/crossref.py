"""Crossref works API (``GET {CROSSREF_API_URL}/works/{doi}``): update metadata.

Documented fields (Crossref REST API, "Crossmark" and Retraction Watch integration):

- ``updated-by``: on the *work*, the notices that update it. Each entry has ``type``
  (``retraction``, ``withdrawal``, ``removal``, ``partial_retraction``,
  ``expression_of_concern``, ``correction``, ``erratum``, ``corrigendum``, ``addendum``,
  ``clarification``, ``new_version``…), ``DOI`` (the notice), ``source`` (``publisher`` or
  ``retraction-watch``), ``record-id`` (Retraction Watch's id, a number or a string) and
  ``updated`` (``{"date-parts": [[Y, M, D]]}``).
- ``update-to``: on a *notice*, the works it updates (same entry shape).
- a title starting "RETRACTED:" (some publishers rename the retracted work): a secondary
  signal, used only when no structured entry says so.

Traps handled (real records are messy): an entry naming the work's own DOI is not an update
of this work; an ``updated-by`` entry mirrored by an ``update-to`` entry with the same DOI
and type belongs to a notice describing what it updates (a retraction notice is not itself
retracted); errata and expressions of concern are not retractions; lists may be ``null`` or
absent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from references.identifiers import InvalidIdentifier, normalize_doi

from .findings import Findings, Notice

RETRACTION = {"retraction", "withdrawal", "removal"}
CONCERN = {"expression_of_concern", "expression-of-concern"}
CORRECTION = {
    "correction",
    "erratum",
    "corrigendum",
    "partial_retraction",
    "addendum",
    "clarification",
}


def _doi(value: Any) -> str:
    try:
        return normalize_doi(str(value or ""))
    except InvalidIdentifier:
        return str(value or "").strip().lower()


def _date(entry: dict) -> date | None:
    parts = ((entry.get("updated") or {}).get("date-parts") or [[]])[0] or []
    try:
        numbers = [int(p) for p in parts if p is not None]
    except (TypeError, ValueError):
        return None
    if not numbers:
        return None
    year, month, day = (numbers + [1, 1])[:3]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _entries(message: dict, name: str) -> list[dict]:
    value = message.get(name)
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _kind(update_type: str) -> str | None:
    t = (update_type or "").strip().lower()
    if t in RETRACTION:
        return "retraction"
    if t in CONCERN:
        return "concern"
    if t in CORRECTION:
        return "correction"
    return None


def parse_work(message: dict) -> Findings:
    """The notices that update the work described by a ``/works/{doi}`` ``message``."""
    own = _doi(message.get("DOI"))
    mirrored = {
        (_doi(e.get("DOI")), str(e.get("type", "")).lower()) for e in _entries(message, "update-to")
    }
    notices = []
    for entry in _entries(message, "updated-by"):
        notice_doi = _doi(entry.get("DOI"))
        update_type = str(entry.get("type", "")).lower()
        if notice_doi and notice_doi == own:
            continue  # names the work itself: not an update of it
        if (notice_doi, update_type) in mirrored:
            continue  # a notice's own record pointing at what it updates
        kind = _kind(update_type)
        if kind is None:
            continue
        notices.append(
            Notice(
                kind=kind,
                doi=notice_doi,
                date=_date(entry),
                source=str(entry.get("source") or "publisher"),
            )
        )
    is_notice = any(_kind(str(e.get("type", ""))) for e in _entries(message, "update-to"))
    if not is_notice and not any(n.kind == "retraction" for n in notices):
        titles = message.get("title") or []
        title = titles[0] if isinstance(titles, list) and titles else str(titles or "")
        if str(title).strip().upper().startswith("RETRACTED:"):
            notices.append(Notice(kind="retraction", source="crossref-title"))
    return Findings(notices)
