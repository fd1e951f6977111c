"""Creating and editing the working text, and putting an older version back.

"Last updated" moves only when the substance changes; an edit from a form built on an
older version is refused (``expected_lock_version``) and nothing is lost; an approved article
is frozen except for its scheduling metadata (start a revision to change its text).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .. import extensions
from ..exceptions import ActionForbidden, ArticleConflict, ArticleError, TransitionRefused
from ..models import (
    SUBSTANCE_FIELDS,
    Article,
    ArticleStatus,
    Audience,
    ExpiryAction,
    Topic,
    next_review_date,
    version_name,
)
from ..permissions import require
from ._common import (
    _check_release_time,
    _lock,
    _require_perm,
    _save,
    _status_label,
    _unique_slug,
    _validate,
)
from .text import clean_text_fields
from .workflow import _run_transition

# States in which the working text may be edited. An approved article is frozen: start a
# revision first. An archived one must be restored first.
EDITABLE_STATES = {
    ArticleStatus.DRAFT,
    ArticleStatus.SUBMITTED,
    ArticleStatus.UNDER_REVIEW,
    ArticleStatus.CHANGES_REQUESTED,
}
EDITABLE_FIELDS = {
    "title",
    "slug",
    "summary",
    "body",
    "audience",
    "alt_summary",
    "alt_body",
    "change_kind",
    "change_note",
    "review_interval_months",
    "release_at",
    "expires_at",
    "expiry_action",
}
# What may change while an article is approved (related questions too): not what readers
# were shown as approved, only how the article is scheduled and linked.
METADATA_FIELDS = {"review_interval_months", "release_at", "expires_at", "expiry_action"}


def edit_refusal(article: Article, actor) -> ArticleError | None:
    """Why ``actor`` cannot edit ``article`` now at all, or None. Which fields an edit may
    change in the article's state is ``editable_fields`` (approved: the scheduling only)."""
    try:
        require(actor, "articles.change_article", "edit articles")
    except ActionForbidden as refusal:
        return refusal
    if article.status == ArticleStatus.ARCHIVED:
        return TransitionRefused("This article is archived. Restore it before editing.")
    return None


def editable_fields(article: Article | None) -> set[str]:
    """The fields an edit may change now: all of them while the text is worked on, the
    scheduling metadata while approved, none while archived. The admin greys out the
    rest; ``article_update`` refuses them."""
    if article is None or article.status in EDITABLE_STATES:
        return set(EDITABLE_FIELDS)
    if article.status == ArticleStatus.APPROVED:
        return set(METADATA_FIELDS)
    return set()


def _edited(article: Article, *, actor, substance_changed: bool) -> None:
    """Run the extensions' edit hooks, inside the edit's transaction."""
    extensions.after_edit(article, actor=actor, substance_changed=substance_changed)


@transaction.atomic
def article_create(
    *,
    actor,
    title: str,
    body: str = "",
    summary: str = "",
    audience: str = Audience.CLINICIAN,
    alt_summary: str = "",
    alt_body: str = "",
    slug: str = "",
    review_interval_months: int | None = None,
    release_at=None,
    expires_at=None,
    expiry_action: str = ExpiryAction.BANNER,
    related_articles: Iterable[Article] = (),
    topics: Iterable[Topic] = (),
    comment: str = "",
) -> Article:
    _require_perm(actor, "add_article", "create articles")
    cleaned = clean_text_fields({"title": title, "summary": summary, "body": body})
    title, summary, body = cleaned["title"], cleaned["summary"], cleaned["body"]
    article = Article(
        title=title,
        body=body,
        summary=summary,
        audience=audience,
        alt_summary=alt_summary,
        alt_body=alt_body,
        release_at=release_at,
        expires_at=expires_at,
        expiry_action=expiry_action,
        author=actor,
        slug=slug or _unique_slug(title),
    )
    _check_release_time(release_at)
    if review_interval_months is not None:
        article.review_interval_months = review_interval_months
    _validate(article)
    article.lock_version = 0  # _save makes it 1
    _save(article, actor=actor, reason="article.create", comment=comment)
    if related_articles:
        article.related_articles.set(related_articles)
    if topics:
        article.topics.set(topics)
    _edited(article, actor=actor, substance_changed=True)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    actor,
    expected_lock_version: int,
    comment: str = "",
    related_articles: Iterable[Article] | None = None,
    topics: Iterable[Topic] | None = None,
    **changes: Any,
) -> Article:
    """Edit the working text and metadata.

    ``expected_lock_version`` is the version the editor's form was built from: if anyone saved
    since, the edit is refused and nothing is lost. "Last updated" moves only when the
    substance (title, summary, body) changes; a save that changes nothing at all writes
    nothing.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ArticleError(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    _require_perm(actor, "change_article", "edit articles")
    changes = clean_text_fields(dict(changes))
    fresh = _lock(article)
    if fresh.lock_version != expected_lock_version:
        last = fresh.history.select_related("history_user").first()
        who = last.history_user if last and last.history_user else "someone else"
        raise ArticleConflict(
            f"This article was changed by {who} after you opened it "
            f"(it is now {fresh.version_name()}, {_status_label(fresh.status)}). "
            "Your changes were not saved: reload the article and apply them again."
        )
    refusal = edit_refusal(fresh, actor)
    if refusal is not None:
        raise refusal
    if fresh.status == ArticleStatus.APPROVED:
        allowed = editable_fields(fresh)
        frozen = sorted(
            name for name, value in changes.items()
            if name not in allowed and getattr(fresh, name) != value
        )  # fmt: skip
        if frozen:
            raise TransitionRefused(
                f"This article is approved and frozen ({', '.join(frozen)}). Start a revision "
                "to change it; readers keep the approved version until the revision is "
                "approved. The review interval, topics and related questions can change at "
                "any time."
            )

    before = fresh.substance()
    changed = {k: v for k, v in changes.items() if getattr(fresh, k) != v}
    if "release_at" in changed:
        _check_release_time(changed["release_at"])
    for name, value in changed.items():
        setattr(fresh, name, value)
    if related_articles is not None and any(a.pk == fresh.pk for a in related_articles):
        raise ArticleError("An article cannot be related to itself.")
    related_changed = _m2m_differs(fresh.related_articles, related_articles)
    topics_changed = _m2m_differs(fresh.topics, topics)
    if not changed and not related_changed and not topics_changed:
        return fresh
    substance_changed = fresh.substance() != before
    if substance_changed:
        fresh.content_updated_at = timezone.now()
    if "review_interval_months" in changed and fresh.last_reviewed_at:
        # A shorter interval for a fast-moving topic brings the next review forward now.
        fresh.next_review_due = next_review_date(fresh, fresh.last_reviewed_at)
    _validate(fresh)
    _save(fresh, actor=actor, reason="article.update", comment=comment)
    if related_changed:
        fresh.related_articles.set(related_articles)
    if topics_changed:
        fresh.topics.set(topics)
    _edited(fresh, actor=actor, substance_changed=substance_changed)
    return fresh


def _m2m_differs(current, wanted) -> bool:
    """Whether a many-to-many field should change; ``None`` means "leave it as it is"."""
    if wanted is None:
        return False
    return {obj.pk for obj in wanted} != set(current.values_list("pk", flat=True))


@transaction.atomic
def article_revert(*, article: Article, actor, history_id: int, comment: str = "") -> Article:
    """Put an older version's substance back, as a new draft version.

    What is approved never changes silently: the published version stays live until the
    reverted text is reviewed and approved again.
    """
    old = article.history.filter(history_id=history_id).first()
    if old is None:
        raise ArticleError("That version is not a version of this article.")
    target = {name: getattr(old, name) for name in SUBSTANCE_FIELDS}
    stamp = timezone.localtime(old.history_date).strftime("%Y-%m-%d %H:%M")

    def touch(fresh: Article) -> None:
        # Compared with the locked row (the transition has already copied ``target``).
        if fresh.history.values_list(*SUBSTANCE_FIELDS).first() == tuple(
            target[name] for name in SUBSTANCE_FIELDS
        ):
            raise TransitionRefused(
                "That version has the same content as the current one: there is nothing to revert."
            )
        fresh.content_updated_at = timezone.now()

    fresh, _ = _run_transition(
        article=article,
        actor=actor,
        transition="revert",
        comment=comment,
        reason=f"article.revert (to {version_name(old.text_version)} of {stamp})",
        params={"to": target},
        before_save=touch,
    )
    _edited(fresh, actor=actor, substance_changed=True)
    return fresh
