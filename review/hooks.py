"""How the review follows the article's life, inside the article action's transaction.

Registered with ``articles.hooks`` from ``ReviewConfig.ready()`` and called by
``articles.services`` before its transaction commits, so the rules hold together with the
article change or not at all: a hook that fails rolls the article action back (hooks never
swallow exceptions). Only notifications wait for the commit (``transaction.on_commit``).

- the substance changed (edit or revert) → approvals of the old text stop counting; the
  members are asked again (``review_mark_stale``);
- submitted (again) → members whose decision does not count for this text are asked
  again, and the review resumes (``review_resume``);
- archived or approved → pending assignments are withdrawn: nobody waits for them now;
- a cited reference was corrected or repointed (``references.hooks``) → the same as a
  body edit: approvals of the old sources stop counting, the members are asked again;
- ``approve`` is refused, whoever asks, unless the board's counting approvals of the
  current text reach the quorum (``quorum_problems``).
"""

from __future__ import annotations

from articles.models import Article, ArticleStatus

from . import selectors, services

CLOSING_STATES = {
    ArticleStatus.ARCHIVED: "the article was archived.",
    ArticleStatus.APPROVED: "the article was approved.",
}


def mark_stale(article: Article, *, actor, substance_changed: bool) -> None:
    if substance_changed:
        services.review_mark_stale(article=article, actor=actor)


def mark_stale_for_reference(article: Article, *, actor, reference) -> None:
    services.review_mark_stale(article=article, actor=actor)


def follow_transition(article: Article, *, actor, target: str, **change) -> None:
    if target == ArticleStatus.SUBMITTED:
        services.review_resume(article=article, actor=actor)
    elif target in CLOSING_STATES:
        services.review_close_pending(article=article, actor=actor, reason=CLOSING_STATES[target])


def quorum_problems(article: Article) -> list[str]:
    return selectors.quorum_problems(article)


def register() -> None:
    """Plug the review into the article workflow; keyed, so running it again replaces."""
    from articles import hooks
    from references import hooks as reference_hooks

    hooks.register_after_edit("review.mark_stale", mark_stale)
    hooks.register_after_transition("review.follow_transition", follow_transition)
    hooks.register_approve_check("review.quorum", quorum_problems)
    reference_hooks.register_cited_reference_changed("review.mark_stale", mark_stale_for_reference)
