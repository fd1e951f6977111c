"""Approval: the current text is frozen into a ``PublishedVersion`` (what readers see),
with an approval reference ``MAB-<year>-<n>`` and, when the working article carries a
go-live time, an embargo until then."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone

from .. import extensions
from ..exceptions import ArticleConflict, TransitionRefused
from ..models import Article, PublishedVersion
from ..rendering import render_markdown
from ..substance import content_hash_of, require_seen_content
from .workflow import _run_transition


@transaction.atomic
def article_approve(
    *,
    article: Article,
    actor,
    comment: str = "",
    published: dict[str, Any] | None = None,
    seen_content_hash: str | None = None,
    seen_version: int | None = None,
) -> PublishedVersion:
    """Approve the current version and freeze what readers will see of it.

    ``published`` lets the approving service above this app supply what it alone can
    build (the body with numbered citations, formatted references, the reviewers with
    credentials); by default the plain Markdown body is rendered and the approver listed.
    """
    now = timezone.now()
    embargo = {}

    def publishable(fresh: Article) -> None:
        require_seen_content(
            fresh, seen_content_hash=seen_content_hash, seen_version=seen_version, then="decide"
        )
        # An embargo set on the working article applies to this approval, once.
        embargo["until"] = fresh.release_at if fresh.release_at and fresh.release_at > now else None
        fresh.release_at = None
        if fresh.is_expired(now):  # the board has just reviewed it again
            fresh.expires_at = None
        # What could not be submitted cannot be approved either (e.g. a citation key added
        # during the review that the library does not know), nor anything a registered
        # check refuses (the board's quorum of approvals of this exact text).
        problems = extensions.approve_problems(fresh)
        if problems:
            raise TransitionRefused(f"Cannot approve: {'; '.join(problems)}", problems=problems)

    fresh, _ = _run_transition(
        article=article,
        actor=actor,
        transition="approve",
        comment=comment,
        params={"at": now},
        before_save=publishable,
    )
    history_id = fresh.history.values_list("history_id", flat=True).first()
    data = {
        "body_html": render_markdown(fresh.body),
        "alt_body_html": render_markdown(fresh.alt_body) if fresh.alt_body.strip() else "",
        "references": [],
        "reviewers": [{"name": actor.get_full_name() or actor.get_username(), "credentials": ""}],
        **(published or {}),
    }
    data["release_at"] = embargo.get("until")
    version = _publish(fresh, actor=actor, history_id=history_id, approved_at=now, data=data)
    return version


@transaction.atomic
def article_hide_while_pending(*, article: Article, reason: str) -> None:
    """Record why a review policy keeps ``article`` off the public site while it is
    pending ("" : it does not). Called by the checks that decide it after an edit or a
    transition; not an edit of the article (no version, no "Last updated"). The edit or
    transition it follows saved the article in this transaction, which already tells the
    public pages' cache."""
    if article.hidden_while_pending != reason:
        Article.objects.filter(pk=article.pk).update(hidden_while_pending=reason)
        article.hidden_while_pending = reason


def _publish(article: Article, *, actor, history_id: int, approved_at, data) -> PublishedVersion:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PublishedVersion.objects.create(
                    article=article,
                    history_id=history_id,
                    text_version=article.text_version,
                    title=article.title,
                    summary=article.summary,
                    body=article.body,
                    audience=article.audience,
                    alt_summary=article.alt_summary,
                    alt_body=article.alt_body,
                    change_kind=article.change_kind,
                    change_note=article.change_note,
                    content_hash=content_hash_of(article),
                    approval_reference=_next_approval_reference(approved_at.year),
                    content_updated_at=article.content_updated_at,
                    approved_at=approved_at,
                    approved_by=actor,
                    **data,
                )
        except IntegrityError:  # another approval took the same reference: take the next
            continue
    raise ArticleConflict("Could not allocate an approval reference; please try again.")


def _next_approval_reference(year: int) -> str:
    """``MAB-<year>-<n>``, numbered from 1 each year, e.g. ``MAB-2026-0042``."""
    prefix = f"MAB-{year}-"
    last = (  # longest first, then highest: "…-10000" sorts after "…-9999"
        PublishedVersion.objects.filter(approval_reference__startswith=prefix)
        .order_by(Length("approval_reference").desc(), "-approval_reference")
        .values_list("approval_reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"
