"""Panels the apps above ``review`` add to the review page (e.g. stale-content flags).

``review`` never imports them; they register ``fn(article, user) -> str`` (rendered HTML,
or "" for nothing) from their ``AppConfig.ready()``. Keyed by name: registering again
replaces.
"""

from __future__ import annotations

from collections.abc import Callable

ReviewPanel = Callable[..., str]

_panels: dict[str, ReviewPanel] = {}


def register_review_panel(name: str, panel: ReviewPanel) -> None:
    _panels[name] = panel


def review_panels(article, user) -> list[str]:
    return [html for _name, panel in sorted(_panels.items()) if (html := panel(article, user))]
