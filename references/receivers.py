"""Listeners to the article signals, connected in ``ReferencesConfig.ready()``.

The article's citation list follows its body: whenever the body may have changed (an edit
of substance, or a revert to an older text), ``citations_sync`` recomputes it. The signals
are sent after commit, so this runs in its own transaction.
"""

from __future__ import annotations

from . import services


def sync_after_edit(sender, article, substance_changed=True, **kwargs) -> None:
    if substance_changed:
        services.citations_sync(article=article)


def sync_after_revert(sender, article, transition, **kwargs) -> None:
    if transition == "revert":
        services.citations_sync(article=article)
