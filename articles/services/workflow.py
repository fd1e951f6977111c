"""The article's state changes: submit, withdraw, the board's decisions, revise, archive
and restore, each through ``_run_transition`` (lock, check, change, history, extensions).

Whether an action is allowed is decided in one place, ``transition_refusal``; the action
checks of ``articles.services.actions`` ask the same function without doing anything.

Board decisions (start review, request changes, approve: ``custom["board_decision"]`` on
the transition) are taken only inside ``board_decision()``, which the review's services
open while recording an assignment or a decision: the review owns assignments, the
quorum and the exact versions decided on, so no other caller (the admin, a script, the
generic transition entry point) can bypass it.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from accounts.verification import require_second_factor

from .. import extensions
from ..exceptions import ActionForbidden, ArticleConflict, TransitionRefused
from ..models import Article, ArticleStatus, ChangeKind, StateChange
from ..substance import require_seen_content
from ._common import _lock, _save, _status_label, _validate, _verb

CONDITION_MESSAGES = {
    "has_title_and_body": "the article needs a question (title) and a body",
}
_BOARD_DECISION: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "article_board_decision", default=False
)


@contextlib.contextmanager
def board_decision() -> Iterator[None]:
    """Allow board transitions inside this block: the review's services only."""
    token = _BOARD_DECISION.set(True)
    try:
        yield
    finally:
        _BOARD_DECISION.reset(token)


@functools.cache
def transitions_named(name: str) -> tuple:
    """django-fsm's ``Transition`` objects of ``name``, one per source state."""
    field = Article._meta.get_field("status")
    return tuple(t for t in field.get_all_transitions(Article) if t.name == name)


def is_board_decision(name: str) -> bool:
    return any(t.custom.get("board_decision") for t in transitions_named(name))


def action_label(name: str) -> str:
    """What the buttons call the transition ("Submit for review")."""
    found = transitions_named(name)
    return found[0].custom.get("label", name) if found else name


def transition_refusal(
    article: Article,
    transition: str,
    actor,
    *,
    scheduled: bool = False,
) -> ActionForbidden | TransitionRefused | None:
    """The clearest refusal of ``actor`` taking ``transition`` on ``article`` now, or None.

    ``scheduled``: the scheduled job acts on an editor's earlier decision (an expiry date
    set with "archive"), with no one to check the role of; the state rules still apply.
    """
    candidates = transitions_named(transition)
    if not candidates:
        return TransitionRefused(f"There is no action called “{transition}”.")
    verb = _verb(transition)
    if candidates[0].custom.get("board_decision") and not _BOARD_DECISION.get():
        return ActionForbidden(
            f"Board decisions ({verb}) are recorded on the article's review page, "
            "through the review: nothing was changed."
        )
    if not scheduled and not (actor and candidates[0].has_perm(article, actor)):
        holds_role = actor and actor.is_active and actor.has_perm(f"articles.{transition}_article")
        if holds_role and article.author_id == actor.pk:
            return ActionForbidden(
                f"You wrote this article, so you cannot {verb} it; another board member must."
            )
        return ActionForbidden(f"Your role does not allow you to {verb} articles.")
    if not scheduled:
        try:
            require_second_factor(actor, f"{verb} articles", ActionForbidden)
        except ActionForbidden as refusal:
            return refusal
    current = next((t for t in candidates if t.source in (article.status, "*")), None)
    if current is None:
        labels = [
            _status_label(s) for s in ArticleStatus.values if any(t.source == s for t in candidates)
        ]
        sources = " or ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
        return TransitionRefused(
            f"Cannot {verb} this article: it is {_status_label(article.status)}; "
            f"this is possible only when it is {sources}."
        )
    unmet = [c for c in current.conditions if not c(article)]
    if unmet:
        problems = [CONDITION_MESSAGES.get(c.__name__, c.__name__) for c in unmet]
        return TransitionRefused(f"Cannot {verb}: {'; '.join(problems)}.", problems=problems)
    return None


def _run_transition(
    *,
    article: Article,
    actor,
    transition: str,
    comment: str = "",
    reason: str | None = None,
    params: dict[str, Any] | None = None,
    before_save=None,
    permission_actor=None,
    scheduled: bool = False,
) -> tuple[Article, StateChange]:
    fresh = _lock(article)
    if fresh.status != article.status:
        raise ArticleConflict(
            f"This article changed meanwhile: it is now {_status_label(fresh.status)}, "
            f"not {_status_label(article.status)}. Nothing was changed; reload and try again."
        )
    refusal = transition_refusal(fresh, transition, permission_actor or actor, scheduled=scheduled)
    if refusal is not None:
        raise refusal
    source = fresh.status
    getattr(fresh, transition)(**(params or {}))
    if before_save:
        before_save(fresh)
    _validate(fresh)
    history_id = _save(
        fresh, actor=actor, reason=reason or f"article.{transition}", comment=comment
    )
    change = StateChange.objects.create(
        article=fresh,
        transition=transition,
        source=source,
        target=fresh.status,
        actor=actor,
        comment=comment,
        history_id=history_id,
    )
    extensions.after_transition(
        fresh,
        actor=actor,
        transition=transition,
        source=source,
        target=fresh.status,
        comment=comment,
    )
    return fresh, change


def change_note_problems(article: Article) -> list[str]:
    """A revision of an approved article says what changed, for the public record."""
    if not article.published_versions.exists():
        return []
    problems = []
    if not article.change_note.strip():
        problems.append(
            "this is a revision of an approved article: say what changed (a short note "
            "readers will see in the article history)"
        )
    if article.change_kind not in ChangeKind.values:
        problems.append("choose the kind of change: update, correction or minor")
    return problems


@transaction.atomic
def article_submit(
    *,
    article: Article,
    actor,
    comment: str = "",
    change_kind: str | None = None,
    change_note: str | None = None,
    seen_content_hash: str | None = None,
    seen_version: int | None = None,
) -> Article:
    """Hand the article to the board. Refused, naming every problem, while any check fails.

    A submission vouches for the text on the submitter's screen: from a page built on an
    older text (``seen_content_hash``) it is refused and nothing changes. A revision of an
    approved article needs ``change_kind`` and ``change_note`` (given here, or saved on the
    article before): they become its public "what changed" entry.
    """

    def checks(fresh: Article) -> None:
        require_seen_content(
            fresh, seen_content_hash=seen_content_hash, seen_version=seen_version, then="submit"
        )
        if change_kind is not None:
            fresh.change_kind = change_kind
        if change_note is not None:
            fresh.change_note = change_note.strip()
        problems = change_note_problems(fresh) + extensions.submit_problems(fresh)
        if problems:
            raise TransitionRefused(f"Cannot submit: {'; '.join(problems)}", problems=problems)

    fresh, _ = _run_transition(
        article=article, actor=actor, transition="submit", comment=comment, before_save=checks
    )
    return fresh


@transaction.atomic
def article_withdraw(*, article: Article, actor, comment: str = "") -> Article:
    return _run_transition(article=article, actor=actor, transition="withdraw", comment=comment)[0]


@transaction.atomic
def article_start_review(
    *, article: Article, actor, comment: str = "", on_behalf_of=None
) -> Article:
    """The board picks the article up.

    ``on_behalf_of`` is the board member for whom ``actor`` starts the review, as when an
    editor assigns the first reviewer (the app above authorises that assignment): the
    transition's permission is checked against the member (the board role, never their own
    article), while the state change and history name ``actor``, who did it.
    """
    return _run_transition(
        article=article,
        actor=actor,
        transition="start_review",
        comment=comment,
        permission_actor=on_behalf_of,
    )[0]


@transaction.atomic
def article_request_changes(
    *, article: Article, actor, comment: str = "", withhold: bool = False
) -> Article:
    """``withhold``: a clinical error; readers see a notice instead of the pending text
    until it is submitted again (``visibility.text_withheld``)."""
    return _run_transition(
        article=article,
        actor=actor,
        transition="request_changes",
        comment=comment,
        params={"withhold": withhold},
    )[0]


@transaction.atomic
def article_revise(*, article: Article, actor, comment: str = "") -> Article:
    return _run_transition(article=article, actor=actor, transition="revise", comment=comment)[0]


@transaction.atomic
def article_archive(*, article: Article, actor, comment: str = "") -> Article:
    return _run_transition(article=article, actor=actor, transition="archive", comment=comment)[0]


@transaction.atomic
def article_restore(*, article: Article, actor, comment: str = "") -> Article:
    return _run_transition(article=article, actor=actor, transition="restore", comment=comment)[0]
