"""The review discussion: threaded comments, optionally quoting a passage, resolvable.

Decisions:
- Whoever may open the article's review page and holds ``review.add_reviewcomment``
  comments (editors, admins, the author, the board members asked to review it).
- One level of threads: a reply to a reply joins its root's thread.
- A thread is resolved or reopened as a whole (its root), by the comment's author, the
  article's author, or an editor/admin (``review.resolve_any_reviewcomment``).
- Comments stay with the article across versions and are never deleted; each remembers
  the version it was written on. Archived articles take no new comments.
- ``@name`` mentions (``review.mentions``) must name people who may open the article's
  review; otherwise the comment is refused, naming each of them. The mentioned get a
  notification through the outbox (kind ``mention``, quoting the passage) and the comment
  in the "Mentions" list of their home page.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.verification import require_second_factor
from articles.models import Article, ArticleStatus
from articles.textclean import strip_control

from ..exceptions import ReviewForbidden, ReviewRefused
from ..mentions import mentioned_names
from ..models import EventKind, ReviewComment
from ..permissions import can_resolve_comment, can_view_review
from ._common import _history_id, event_record
from .notifications import notify_each


def _mentioned_people(article: Article, body: str, actor) -> list:
    """The people ``body`` mentions; refuses naming those who cannot see the article."""
    names = mentioned_names(body)
    if not names:
        return []
    found = {
        u.username.lower(): u
        for u in get_user_model().objects.filter(username__in=names, is_active=True)
    }
    people, cannot, unknown = [], [], []
    for name in names:
        person = found.get(name.lower())
        if person is None:
            unknown.append(f"@{name} (no one by that name)")
        elif not can_view_review(person, article):
            full = person.get_full_name() or person.get_username()
            cannot.append(f"@{name} ({full})")
        elif person.pk != actor.pk:
            people.append(person)
    if cannot or unknown:
        parts = []
        if cannot:
            parts.append(f"{', '.join(cannot)}, who cannot see this article's review")
        if unknown:
            parts.append(("nor " if cannot else "") + ", ".join(unknown))
        raise ReviewRefused(f"Cannot mention {', '.join(parts)}. Nothing was posted.")
    return people


@transaction.atomic
def comment_create(
    *,
    article: Article,
    actor,
    body: str,
    quote: str = "",
    parent: ReviewComment | None = None,
) -> ReviewComment:
    if not (
        actor and actor.has_perm("review.add_reviewcomment") and can_view_review(actor, article)
    ):
        raise ReviewForbidden("You cannot take part in the review discussion of this article.")
    require_second_factor(actor, "comment on a review", ReviewForbidden)
    if article.status == ArticleStatus.ARCHIVED:
        raise ReviewRefused("This article is archived; restore it before discussing it.")
    body, quote = strip_control(body), strip_control(quote)
    if not body.strip():
        raise ReviewRefused("Write something: the comment is empty.")
    if parent is not None:
        if parent.article_id != article.pk:
            raise ReviewRefused("You can only reply to a comment on the same article.")
        parent = parent.parent or parent  # threads are one level deep
    mentioned = _mentioned_people(article, body, actor)
    comment = ReviewComment(
        article=article,
        author=actor,
        parent=parent,
        body=body.strip(),
        quote=quote.strip(),
        history_id=_history_id(article),
    )
    comment.full_clean()
    comment.save()
    excerpt = comment.body if len(comment.body) <= 80 else comment.body[:79] + "…"
    event_record(
        article=article,
        kind=EventKind.COMMENTED,
        actor=actor,
        message=("Replied: " if parent else "Commented: ") + excerpt,
        comment=comment,
        history_id=comment.history_id,
    )
    if mentioned:
        comment.mentioned.set(mentioned)
        who = actor.get_full_name() or actor.get_username()
        notify_each(
            mentioned,
            kind="mention",
            article=article,
            subject=f"{who} mentioned you: {article.title}",
            message=(
                f"{who} mentioned you in the review discussion:\n\n{comment.body}"
                + (f"\n\nAbout the passage: “{comment.quote}”" if comment.quote else "")
            ),
        )
    return comment


def _set_resolved(comment: ReviewComment, *, actor, resolved: bool) -> ReviewComment:
    root = comment.parent or comment
    root = ReviewComment.objects.select_for_update().select_related("article").get(pk=root.pk)
    if not can_resolve_comment(actor, root):
        raise ReviewForbidden(
            "Only the comment's author, the article's author or an editor can "
            + ("resolve" if resolved else "reopen")
            + " this thread."
        )
    if root.is_resolved == resolved:
        raise ReviewRefused(f"This thread is already {'resolved' if resolved else 'open'}.")
    root.resolved_at = timezone.now() if resolved else None
    root.resolved_by = actor if resolved else None
    root.save(update_fields=["resolved_at", "resolved_by"])
    event_record(
        article=root.article,
        kind=EventKind.RESOLVED if resolved else EventKind.REOPENED,
        actor=actor,
        message=("Resolved" if resolved else "Reopened") + f" the thread started by {root.author}.",
        comment=root,
    )
    return root


@transaction.atomic
def comment_resolve(*, comment: ReviewComment, actor) -> ReviewComment:
    return _set_resolved(comment, actor=actor, resolved=True)


@transaction.atomic
def comment_reopen(*, comment: ReviewComment, actor) -> ReviewComment:
    return _set_resolved(comment, actor=actor, resolved=False)
