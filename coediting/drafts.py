"""Autosave: a per-person draft slot of the admin change page's unsaved text.

The slot never touches the article (no version, no "Last updated", no history). It is
kept only while it differs from the saved text, offered back on reopening, and dropped
when its owner saves the article (``CoeditingExtension.after_edit``) or discards it. The
save itself still goes through ``article_update`` and its stale-save refusal.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.verification import require_second_factor
from articles.models import Article
from articles.services import body_size_problem, edit_refusal, editable_fields

from .exceptions import DraftRefused
from .models import DraftSlot

TITLE_MAX = DraftSlot._meta.get_field("title").max_length


def draft_refusal(article: Article, user, *, title: str, body: str) -> str | None:
    refusal = edit_refusal(article, user)
    if refusal:
        return str(refusal)
    if "body" not in editable_fields(article):  # approved: only its scheduling may change
        return (
            "This article is approved and frozen: start a revision to change its text. "
            "Readers keep the approved version until the revision is approved."
        )
    if len(title) > TITLE_MAX:
        return f"The question (title) is longer than {TITLE_MAX} characters."
    return body_size_problem(body)


@transaction.atomic
def draft_autosave(
    *, article: Article, user, title: str, summary: str, body: str
) -> DraftSlot | None:
    """Keep ``user``'s unsaved text of ``article``; None (and no slot) when it is the saved
    text again."""
    refusal = draft_refusal(article, user, title=title, body=body)
    if refusal:
        raise DraftRefused(refusal)
    require_second_factor(user, "edit articles", DraftRefused)
    if _same((title, summary, body), (article.title, article.summary, article.body)):
        DraftSlot.objects.filter(article=article, user=user).delete()
        return None
    slot, _ = DraftSlot.objects.update_or_create(
        article=article,
        user=user,
        defaults={
            "title": title,
            "summary": summary,
            "body": body,
            "based_on_lock_version": article.lock_version,
            "saved_at": timezone.now(),
        },
    )
    return slot


def _same(unsaved: tuple[str, ...], saved: tuple[str, ...]) -> bool:
    """Equal but for line endings (a submitted form sends CRLF, a script's value LF)."""
    return [v.replace("\r\n", "\n") for v in unsaved] == [v.replace("\r\n", "\n") for v in saved]


def draft_discard(*, article: Article, user) -> None:
    DraftSlot.objects.filter(article=article, user=user).delete()


def draft_for(article: Article, user) -> DraftSlot | None:
    return DraftSlot.objects.filter(article=article, user=user).first()
