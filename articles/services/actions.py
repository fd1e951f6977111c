"""Every article action, by name, and whether it may be taken now without taking it.

``action_check(article, name, actor)`` answers "can this person do this to this article
now, and if not, why" with the same code the action enforces (``transition_refusal``,
the editing rules): views, the admin's buttons and templates ask it instead of restating
a rule. ``available_actions`` lists what a person may do now, with labels.

``article_apply_transition`` is the generic entry point of the admin's buttons; board
decisions are refused there (they are recorded through the review).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..exceptions import ArticleError
from ..models import Article
from .editing import edit_refusal
from .publishing import article_approve
from .workflow import (
    action_label,
    article_archive,
    article_request_changes,
    article_restore,
    article_revise,
    article_start_review,
    article_submit,
    article_withdraw,
    is_board_decision,
    transition_refusal,
)

# name → service, for the admin's transition buttons and the editorial screens.
TRANSITION_SERVICES = {
    "submit": article_submit,
    "withdraw": article_withdraw,
    "start_review": article_start_review,
    "request_changes": article_request_changes,
    "approve": article_approve,
    "revise": article_revise,
    "archive": article_archive,
    "restore": article_restore,
}


@dataclass(frozen=True)
class Verdict:
    """Whether an action may be taken now; falsy, with the refusal's words, when not."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


@dataclass(frozen=True)
class Action:
    name: str
    label: str


def action_check(article: Article, name: str, actor) -> Verdict:
    """May ``actor`` take action ``name`` ("edit" or a transition) on ``article`` now?"""
    if name == "edit":
        refusal = edit_refusal(article, actor)
    else:
        refusal = transition_refusal(article, name, actor)
    return ALLOWED if refusal is None else Verdict(False, refusal.message)


def available_actions(article: Article, actor) -> list[Action]:
    """The transitions ``actor`` may take on ``article`` now, in ``TRANSITION_SERVICES``'
    order. Board decisions are never offered: they are recorded on the review page."""
    return [
        Action(name, action_label(name))
        for name in TRANSITION_SERVICES
        if not is_board_decision(name) and transition_refusal(article, name, actor) is None
    ]


def article_apply_transition(
    *, article: Article, actor, transition: str, comment: str = "", **extra: Any
):
    """``extra``: the submit service's ``change_kind`` and ``change_note``."""
    try:
        service = TRANSITION_SERVICES[transition]
    except KeyError:
        raise ArticleError(f"There is no action called “{transition}”.") from None
    return service(article=article, actor=actor, comment=comment, **extra)
