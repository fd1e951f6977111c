"""In-transaction extension points for the apps above ``references``.

``references`` never imports ``review`` (see STYLE.md), yet when an editor corrects or
repoints a cited reference, the board's approvals of the old sources must stop counting and
the members be asked again, in the same transaction, exactly as a body edit does through
``articles.hooks``. Apps above register here from ``AppConfig.ready()``;
``reference_update`` calls every hook inside its transaction, once per article citing the
changed reference. A hook that raises rolls the change back. Keyed by name, so registering
again replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# fn(article, *, actor, reference): a cited reference's substance changed (saved, in the txn).
CitedReferenceChanged = Callable[..., None]

_cited_reference_changed: dict[str, CitedReferenceChanged] = {}


def register_cited_reference_changed(name: str, hook: CitedReferenceChanged) -> None:
    _cited_reference_changed[name] = hook


def run_cited_reference_changed(article: Any, *, actor, reference) -> None:
    for hook in _cited_reference_changed.values():
        hook(article, actor=actor, reference=reference)
