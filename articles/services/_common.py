"""What every article service shares: the row lock, the history-recording save, the
permission check and the small wording helpers of the refusals."""

from __future__ import annotations

import django_fsm
from django.utils import timezone
from django.utils.text import slugify

from ..exceptions import ArticleConflict, ArticleError
from ..models import SUBSTANCE_FIELDS, Article, ArticleStatus
from ..permissions import require


def _lock(article: Article) -> Article:
    try:
        return Article.objects.select_for_update().get(pk=article.pk)
    except Article.DoesNotExist:
        raise ArticleError("This article no longer exists.") from None


def _status_label(status: str) -> str:
    return ArticleStatus(status).label.lower()


def _verb(transition: str) -> str:
    return transition.replace("_", " ")


def _save(article: Article, *, actor, reason: str, comment: str = "") -> int:
    """Save with a history record that names the actor and the reason; return its id.

    The per-article version number (``text_version``) moves when the substance differs
    from the last saved text, whichever service saved it (edit, revert…).
    """
    article.lock_version += 1
    last = (
        article.history.values_list(*SUBSTANCE_FIELDS, "text_version").first()
        if article.pk
        else None
    )
    if last is None:
        article.text_version = 1
    elif tuple(getattr(article, name) for name in SUBSTANCE_FIELDS) != tuple(last[:-1]):
        article.text_version = last[-1] + 1
    article._history_user = actor
    # simple-history keeps at most 100 characters of a reason (PostgreSQL refuses more);
    # the whole comment is kept on the StateChange row.
    article._change_reason = (f"{reason}: {comment}" if comment else reason)[:100]
    try:
        article.save()
    except django_fsm.ConcurrentTransition:
        raise ArticleConflict(
            "This article changed meanwhile (someone else moved it to another state). "
            "Nothing was saved: reload it and try again."
        ) from None
    return article.history.values_list("history_id", flat=True).first()


def _validate(article: Article) -> None:
    # The protected state field cannot be re-assigned by clean_fields(); transitions own it.
    article.full_clean(exclude=["status"])


def _require_perm(actor, codename: str, what: str) -> None:
    require(actor, f"articles.{codename}", what)


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:240] or "article"
    slug, n = base, 2
    taken = Article.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_release_time(release_at) -> None:
    if release_at is not None and release_at <= timezone.now():
        raise ArticleError(
            f"The go-live time {timezone.localtime(release_at):%Y-%m-%d %H:%M} is in the past. "
            "Choose a later time, or leave it empty to publish as soon as it is approved."
        )
