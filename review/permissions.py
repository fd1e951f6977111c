"""Who may see what in the review app: one place, used by services, views and selectors.

Decision: an article's review page (its unpublished text, versions, diffs, discussion and
timeline) is open to editors and admins (``review.view_all_reviews``), to the article's
author, and to board members who were asked to review it (a pending or completed
assignment). Everyone else, readers and unrelated board members included, is refused:
unpublished versions must not leak through history or diff views.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from articles.models import Article

from .models import AssignmentState, ReviewAssignment


def has_editorial_access(user) -> bool:
    return bool(user and user.is_active and user.has_perm("review.access_editorial"))


def can_view_review(user, article: Article) -> bool:
    if not has_editorial_access(user):
        return False
    if user.has_perm("review.view_all_reviews") or article.author_id == user.pk:
        return True
    return ReviewAssignment.objects.filter(
        article=article,
        reviewer__user=user,
        state__in=[AssignmentState.PENDING, AssignmentState.COMPLETED],
    ).exists()


def can_resolve_comment(user, comment) -> bool:
    return bool(
        user
        and user.is_active
        and (
            comment.author_id == user.pk
            or comment.article.author_id == user.pk
            or user.has_perm("review.resolve_any_reviewcomment")
        )
    )


def _holding(codename: str) -> Q:
    """People holding ``review.<codename>`` through a group or directly, or superusers."""
    return (
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label="review",
        )
        | Q(user_permissions__codename=codename, user_permissions__content_type__app_label="review")
    )


def review_viewers(article: Article) -> QuerySet:
    """``can_view_review`` as one query over people (the mention suggestions): active,
    with editorial access, and editors/admins, the author or an asked board member."""
    users = get_user_model().objects.filter(is_active=True)
    access = users.filter(_holding("access_editorial")).values("pk")
    asked = ReviewAssignment.objects.filter(
        article=article, state__in=[AssignmentState.PENDING, AssignmentState.COMPLETED]
    ).values("reviewer__user_id")
    allowed = users.filter(
        _holding("view_all_reviews") | Q(pk=article.author_id) | Q(pk__in=asked)
    ).values("pk")
    return users.filter(pk__in=access).filter(pk__in=allowed).order_by("username")
