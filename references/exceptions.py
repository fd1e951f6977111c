"""Refusals of the reference library, with a message a person can act on.

They subclass ``articles.exceptions.ArticleError`` (same shape: ``.message``), so a view or
admin that already shows article refusals shows these too.
"""

from __future__ import annotations

from articles.exceptions import ActionForbidden, ArticleError

__all__ = [
    "ActionForbidden",
    "DuplicateReference",
    "ReferenceLibraryError",
    "ReferenceImportRefused",
    "ReferenceInUse",
    "ReferenceLookupFailed",
]


class ReferenceLibraryError(ArticleError):
    """Base of every refusal in the reference library."""


class ReferenceInUse(ReferenceLibraryError):
    """The reference is cited, so it cannot be deleted or have its key changed."""


class DuplicateReference(ReferenceLibraryError):
    """Another reference already has this DOI or PMID."""

    def __init__(self, message: str, *, existing=None):
        super().__init__(message)
        self.existing = existing


class ReferenceImportRefused(ReferenceLibraryError):
    """The file is in none of the formats we read; nothing was imported."""


class ReferenceLookupFailed(ReferenceLibraryError):
    """A DOI/PMID lookup gave no reference (switched off, unreachable, unknown, invalid)."""
