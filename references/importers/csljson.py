"""CSL-JSON import (Zotero's "CSL JSON" export, citation.js, our own exporter).

Accepts a JSON array of items, or a single item object. Field mapping lives in
`references.csl`.
"""

from __future__ import annotations

import json
from typing import Any

from references.csl import from_csl
from references.importers.common import EntryError, ImportResult, collect


def looks_like(text: str) -> bool:
    """True for a JSON array (or a single object) with at least one item with a CSL type."""
    items = _load(text) or []
    return any(isinstance(i, dict) and "type" in i for i in items)


def parse(text: str) -> ImportResult:
    result = ImportResult(format="csljson")
    items = _load(text)
    if items is None:
        result.errors.append(EntryError(None, None, "the file is not valid JSON"))
        return result
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            result.errors.append(EntryError(number, None, "the entry is not a JSON object"))
            continue
        try:
            data = from_csl(item)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
            reason = _wrong_type_reason(item) or f"the entry cannot be read ({error})"
            result.errors.append(EntryError(number, None, reason))
            continue
        collect(result, data, number)
    return result


LIST_FIELDS = ("author", "editor", "container-author", "translator")


def _wrong_type_reason(item: dict) -> str | None:
    for name in LIST_FIELDS:
        value = item.get(name)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, dict) for v in value)
        ):
            return (
                f"the entry cannot be read: “{name}” must be a list of names "
                f'(e.g. [{{"family": "Smith", "given": "J"}}]), not {type(value).__name__}'
            )
    return None


def _load(text: str) -> list[Any] | None:
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except ValueError:
        return None
    # Deeper than Python can follow (thousands of nested arrays): the caller says so.
    if isinstance(value, dict):
        return [value]
    return value if isinstance(value, list) else None
