"""Pre-submission checks contributed by apps above ``articles``.

``articles`` cannot import the apps that build on it (see STYLE.md), yet some of them have
something to say before an article goes to the board: the reference library, for one,
refuses a body with an unknown citation key. They register a check here from their
``AppConfig.ready()``; ``article_submit`` runs every registered check and refuses with all
the problems found, naming each.

A check takes the article and returns a list of problems (human sentences); an empty list
means the check passed. Checks only read.

Warnings are the same shape but never refuse: they are shown to the person who submitted
(e.g. "reference 'x' is attached but not cited").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Article

SubmitCheck = Callable[["Article"], list[str]]

_submit_checks: dict[str, SubmitCheck] = {}
_submit_warnings: dict[str, SubmitCheck] = {}


def register_submit_check(name: str, check: SubmitCheck) -> None:
    """Register (or replace, so a reload is harmless) the check called ``name``."""
    _submit_checks[name] = check


def submit_problems(article: Article) -> list[str]:
    problems: list[str] = []
    for check in _submit_checks.values():
        problems.extend(check(article))
    return problems


def register_submit_warning(name: str, check: SubmitCheck) -> None:
    _submit_warnings[name] = check


def submit_warnings(article: Article) -> list[str]:
    warnings: list[str] = []
    for check in _submit_warnings.values():
        warnings.extend(check(article))
    return warnings


def save_warnings(article: Article) -> list[str]:
    """What the registered checks would say at submit, as non-blocking warnings for a save.

    Every submit problem (which would refuse the submission) and every submit warning, in
    the checks' own words, so an editor learns of an unknown citation key when saving the
    draft rather than at submit. Apps above register nothing new for this: their submit
    checks and warnings appear here too.
    """
    return [f"This cannot be submitted yet: {problem}" for problem in submit_problems(article)] + [
        f"Note: {warning}" for warning in submit_warnings(article)
    ]
