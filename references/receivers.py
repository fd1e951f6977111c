"""Listeners to the article signals, connected in ``ReferencesConfig.ready()``.

The article's citation list follows its body: whenever the body may have changed
(creation, an edit of substance, a revert to an older text: each sends ``article_edited``),
``citations_sync`` recomputes it. The signals are sent after commit, so this runs in its
own transaction.
"""

from __future__ import annotations

from . import services


def sync_after_edit(sender, article, substance_changed=True, **kwargs) -> None:
    if substance_changed:
        services.citations_sync(article=article)
