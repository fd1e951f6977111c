"""What an approval vouches for, and its hash.

The substance of an article is its title, summary and body, both audience versions
(``models.SUBSTANCE_FIELDS``), plus what the article extensions add
(``ArticleExtension.substance``: the identity and formatted text of each cited
reference). Its SHA-256 proves the exact text *and* the exact sources approved; it is
stable across saves that change nothing. Kept out of the model: computing it asks the
apps above (their queries), which a model method must not do behind its caller's back.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from . import extensions

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
