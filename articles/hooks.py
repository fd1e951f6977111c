"""In-transaction extension points for the apps above ``articles``.

``articles`` cannot import the apps that build on it (see STYLE.md), yet their rules must
hold in the same transaction as the article's own: the citation list follows the body, an
approval of the old text stops counting, a resubmitted article goes back to its reviewers.
Signals sent after commit (``articles.signals``) are for decoupled listeners such as
notifications; what must not be left half-done is registered here instead, from each
app's ``AppConfig.ready()``, and called by ``articles.services`` inside its transaction.
A hook that raises rolls the whole action back, so nothing is left half-done.

Registries are keyed by name, so registering again (a reload) replaces rather than adds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Article

# fn(article, *, actor, substance_changed): after create, edit and revert (saved, in the txn).
AfterEdit = Callable[..., None]
# fn(article, *, actor, transition, source, target, comment): after every transition.
AfterTransition = Callable[..., None]
# fn(article) -> JSON-serialisable value that is part of the article's substance.
Substance = Callable[["Article"], Any]
# fn(article) -> list of problems that refuse an approval (read only).
ApproveCheck = Callable[["Article"], list[str]]

_after_edit: dict[str, AfterEdit] = {}
_after_transition: dict[str, AfterTransition] = {}
_substance: dict[str, Substance] = {}
_approve_checks: dict[str, ApproveCheck] = {}


def register_after_edit(name: str, hook: AfterEdit) -> None:
    _after_edit[name] = hook


def register_after_transition(name: str, hook: AfterTransition) -> None:
    _after_transition[name] = hook


def register_substance(name: str, contributor: Substance) -> None:
    """Add to what an approval vouches for (e.g. the identity of each cited reference)."""
    _substance[name] = contributor


def register_approve_check(name: str, check: ApproveCheck) -> None:
    """Refuse ``approve`` unless this passes (e.g. the board's quorum of the current text)."""
    _approve_checks[name] = check


def run_after_edit(article: Article, *, actor, substance_changed: bool) -> None:
    for hook in _after_edit.values():
        hook(article, actor=actor, substance_changed=substance_changed)


def run_after_transition(article: Article, **change: Any) -> None:
    for hook in _after_transition.values():
        hook(article, **change)


def extra_substance(article: Article) -> dict[str, Any]:
    return {name: contributor(article) for name, contributor in sorted(_substance.items())}


def approve_problems(article: Article) -> list[str]:
    problems: list[str] = []
    for check in _approve_checks.values():
        problems.extend(check(article))
    return problems
