"""Each role's home in the editorial workspace, and what the navigation bar offers.

Reads only. After signing in, a person lands on the page that holds their work:

- admins (superusers and the ``Admins`` group): the editorial dashboard;
- board members: "My reviews", soonest due first;
- editors: "My articles", by state, each saying what it needs from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch, reverse

from articles import visibility
from articles.models import Article, ArticleStatus
from articles.roles import ADMINS

from .models import AssignmentState, BoardMember, Decision, ReviewAssignment
from .permissions import has_editorial_access
from .selectors import review_queue

S = ArticleStatus
RECENT_DECISIONS = 20
# The longest list a workspace page shows (per state on "My articles"); the rest are in
# the admin, which pages through them. Soonest-due and newest first, so nothing urgent
# is past the cut.
LIST_LIMIT = 100
# "My articles" per state: an editor with thousands of articles reads the newest of each
# state here and the rest in the admin (a page of 500 articles took half a second).
MY_ARTICLES_PER_STATE = 25
# The order editors read their articles in: what needs them first.
STATE_ORDER = [
    S.CHANGES_REQUESTED,
    S.DRAFT,
    S.SUBMITTED,
    S.UNDER_REVIEW,
    S.APPROVED,
    S.ARCHIVED,
]


def is_admin(user) -> bool:
    return bool(user.is_superuser or user.groups.filter(name=ADMINS).exists())


def board_member_of(user) -> BoardMember | None:
    return BoardMember.objects.filter(user=user, is_active=True).first()


def home_url(user) -> str:
    """Where ``user`` starts after signing in."""
    if not has_editorial_access(user):
        return reverse("admin:index") if user.is_staff else reverse("readers:home")
    if is_admin(user):
        return reverse("review:dashboard")
    if board_member_of(user) is not None:
        return reverse("review:my_reviews")
    return reverse("review:my_articles")


def optional_url(name: str) -> str | None:
    """The URL called ``name`` if some app provides it (e.g. the attention queue)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


# --- "My reviews" ---------------------------------------------------------------------


@dataclass
class MyReviews:
    member: BoardMember | None
    pending: list[ReviewAssignment] = field(default_factory=list)
    decided: list[ReviewAssignment] = field(default_factory=list)


def my_reviews(*, user) -> MyReviews:
    member = board_member_of(user)
    if member is None:
        return MyReviews(member=None)
    decided = (
        ReviewAssignment.objects.filter(reviewer=member)
        .exclude(state=AssignmentState.PENDING)
        .select_related("article", "published_version")
        .order_by("-decided_at", "-pk")[:RECENT_DECISIONS]
    )
    return MyReviews(
        member=member,
        pending=list(review_queue(member=member)[:LIST_LIMIT]),
        decided=list(decided),
    )


# --- "My articles" --------------------------------------------------------------------


@dataclass
class ArticleWork:
    article: Article
    needs: str  # what the article needs from its editor now, in words
    # The request for changes that sent it back (who asked, what they said), if any.
    feedback: ReviewAssignment | None = None
    # While the working copy is not the approved text: what readers see instead.
    readers_see: str = ""


@dataclass
class StateGroup:
    label: str
    items: list[ArticleWork]
    total: int = 0  # articles in this state (``items``: the newest ``MY_ARTICLES_PER_STATE``)
    state: str = ""


def _needs(article: Article) -> str:
    open_threads = article.open_threads
    threads = (
        f"{open_threads} open comment thread{'s' if open_threads != 1 else ''} to answer"
        if open_threads
        else ""
    )
    if article.status == S.CHANGES_REQUESTED:
        needs = "The board asked for changes: revise and submit again"
    elif article.status == S.DRAFT:
        needs = "Finish and submit for review"
    elif article.status == S.SUBMITTED:
        needs = "Waiting for a board member to be assigned"
    elif article.status == S.UNDER_REVIEW:
        pending = article.pending_reviews
        needs = f"With the board ({pending} review{'s' if pending != 1 else ''} pending)"
    elif article.status == S.APPROVED:
        needs = "Nothing: approved and published"
    else:
        needs = "Archived"
    return f"{needs}; {threads}." if threads else f"{needs}."


def _feedback(article_ids: list[int]) -> dict[int, ReviewAssignment]:
    """The request for changes that sent each article back: the latest one (one query)."""
    found: dict[int, ReviewAssignment] = {}
    if not article_ids:
        return found
    requests = (
        ReviewAssignment.objects.filter(
            article_id__in=article_ids, decision=Decision.REQUEST_CHANGES
        )
        .select_related("reviewer")
        .order_by("article_id", "-decided_at", "-pk")
    )
    for request in requests:
        found.setdefault(request.article_id, request)
    return found


def my_articles(*, user) -> list[StateGroup]:
    """The user's own articles grouped by state, in ``STATE_ORDER``, newest edit first:
    at most ``MY_ARTICLES_PER_STATE`` per state, with the number in each (two queries)."""
    newest = (
        Article.objects.filter(author=user)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("content_updated_at").desc(), F("pk").desc()],
            ),
            total=Window(Count("pk"), partition_by=[F("status")]),
        )
        .filter(row__lte=MY_ARTICLES_PER_STATE)
        .values_list("pk", "status", "total")
    )
    picked = list(newest)
    totals = {status: total for _, status, total in picked}
    articles = (
        Article.objects.filter(pk__in=[pk for pk, _, _ in picked])
        .annotate(
            open_threads=Count(
                "review_comments",
                filter=Q(
                    review_comments__parent__isnull=True,
                    review_comments__resolved_at__isnull=True,
                ),
                distinct=True,
            ),
            pending_reviews=Count(
                "assignments",
                filter=Q(assignments__state=AssignmentState.PENDING),
                distinct=True,
            ),
            live_reference=visibility.live_reference(),
        )
        .order_by("-content_updated_at", "-pk")
    )
    articles = list(articles)
    feedback = _feedback([a.pk for a in articles if a.status == S.CHANGES_REQUESTED])
    by_state: dict[str, list[ArticleWork]] = {state: [] for state in STATE_ORDER}
    for article in articles:
        readers_see = ""
        if article.live_reference and article.status not in (S.APPROVED, S.ARCHIVED):
            readers_see = (
                f"Revision in progress: readers see the approved version "
                f"{article.live_reference} until this revision is approved."
            )
        by_state[article.status].append(
            ArticleWork(
                article=article,
                needs=_needs(article),
                feedback=feedback.get(article.pk),
                readers_see=readers_see,
            )
        )
    return [
        StateGroup(label=S(state).label, items=items, total=totals.get(state, 0), state=state)
        for state, items in by_state.items()
        if items
    ]
