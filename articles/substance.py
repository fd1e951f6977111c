"""What an approval vouches for, and its hash.

The substance of an article is its title, summary and body, both audience versions
(``models.SUBSTANCE_FIELDS``), plus what the article extensions add
(``ArticleExtension.substance``: the identity and formatted text of each cited
reference). Its SHA-256 proves the exact text *and* the exact sources approved; it is
stable across saves that change nothing. Kept out of the model: computing it asks the
apps above (their queries), which a model method must not do behind its caller's back.

``require_seen_content`` is the rule every action that vouches for a text follows: it is
taken on the text the person saw, or refused.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from . import extensions
from .exceptions import ContentChanged

if TYPE_CHECKING:
    from .models import Article


def extra_substance(article: Article) -> dict[str, Any]:
    """What the extensions add to the substance, by name (e.g. "references.cited")."""
    return extensions.substance(article)


def content_hash_of(article: Article) -> str:
    """SHA-256 of the article's substance (text and cited sources)."""
    canonical = json.dumps(
        {**article.substance(), **extra_substance(article)},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def require_seen_content(
    article: Article,
    *,
    seen_content_hash: str | None,
    seen_version: int | None = None,
    then: str = "decide",
) -> None:
    """Refuse, changing nothing, when ``article`` is no longer the text the person saw.

    Every action that vouches for content (a board decision, its evidence attestation, a
    resubmission) carries the content hash and version number of the page it was taken
    on. ``None`` means the caller has no page to compare (a script); an empty or
    different hash is a refusal. ``article`` must be the locked, current row.
    """
    if seen_content_hash is None:
        return
    if seen_content_hash == content_hash_of(article):
        return
    current = article.text_version
    if seen_version and seen_version != current:
        what = f"The text changed since you opened it (version {seen_version} → {current})"
    elif seen_version:
        what = f"The cited references changed since you opened it (version {current})"
    else:
        what = f"The text changed since you opened it (it is now version {current})"
    raise ContentChanged(
        f"{what}: review the changes, then {then}. Nothing was recorded.",
        seen_version=seen_version,
        current_version=current,
    )
