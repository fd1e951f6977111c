"""What the article extensions say before submission and at save (``articles.extensions``).

A check returns a list of problems (human sentences); an empty list means it passed.
Problems refuse a submission and an approval; warnings never refuse (e.g. "reference 'x'
is attached but not cited"). Both are shown as non-blocking notes when an article is
saved, so an editor learns of an unknown citation key when saving the draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import extensions

if TYPE_CHECKING:
    from .models import Article


def submit_problems(article: Article) -> list[str]:
    return extensions.submit_problems(article)


def submit_warnings(article: Article) -> list[str]:
    return extensions.warnings(article)


def save_warnings(article: Article) -> list[str]:
    """Every submit problem (which would refuse the submission) and every warning, in the
    extensions' own words, as non-blocking notes for a save."""
    return [f"This cannot be submitted yet: {problem}" for problem in submit_problems(article)] + [
        f"Note: {warning}" for warning in submit_warnings(article)
    ]
