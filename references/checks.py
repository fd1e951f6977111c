"""What the reference library says before an article is submitted (``ReferencesExtension``).

Registered from ``ReferencesConfig.ready()``. All read only.
"""

from __future__ import annotations

from articles.models import Article

from .markers import cited_keys, malformed_markers, unknown_keys
from .selectors import known_keys, uncited_attached_keys


def unknown_citation_keys(article: Article) -> list[str]:
    """One problem per citation of a key that is not in the library, naming where it is."""
    keys = cited_keys(article.body)
    if not keys:
        return []
    return [unknown.message for unknown in unknown_keys(article.body, known_keys(keys))]


def malformed_citation_markers(article: Article) -> list[str]:
    """One problem per ``[@`` that does not parse as a marker (readers would see it raw)."""
    return [malformed.message for malformed in malformed_markers(article.body)]


def uncited_references(article: Article) -> list[str]:
    """A warning per reference attached to the article that its body does not cite."""
    return [
        f"reference '{key}' is attached but not cited" for key in uncited_attached_keys(article)
    ]
