"""Reads for the editorial screens and the admin, with their joins decided here, once.

Each function runs a fixed number of queries whatever the number of articles, reviewers or
comments (the view tests hold them to it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from articles import visibility
from articles.models import Article, ArticleStatus, PublishedVersion, StateChange, version_name
from articles.selectors import FieldDiff, version_diff, version_label
from articles.substance import content_hash_of

from .anchors import anchor_quotes
from .models import (
    AssignmentState,
    BoardMember,
    ConflictOfInterest,
    ReviewAssignment,
    ReviewComment,
    ReviewEvent,
)
from .publishing import preview_content
from .quorum import (  # noqa: F401 - the quorum's reads, for the screens that show it
    QuorumStatus,
    quorum_problems,
    quorum_status,
    required_approvals,
    requirements_in_force,
)
from .requirements import Requirement

S = ArticleStatus
DASHBOARD_LIMIT = 50


@dataclass
class Suggestion:
    requirement: Requirement
    members: list[BoardMember]  # eligible now, with ``open_assignments`` annotated


def assignment_suggestions(article: Article) -> list[Suggestion]:
    """For each specialty requirement not yet met, who could meet it (least busy first).

    Members already asked (pending) are left out, as the assign form leaves them out; an
    empty list of members means nobody on the board can meet it now.
    """
    status = quorum_status(article)
    if not status.unmet:
        return []
    candidates = list(
        assignable_members(article).annotate(
            open_assignments=Count(
                "assignments", filter=Q(assignments__state=AssignmentState.PENDING)
            )
        )
    )
    return [
        Suggestion(
            requirement=requirement,
            members=sorted(
                (m for m in candidates if requirement.satisfied_by(m.specialty_list)),
                key=lambda m: (m.open_assignments, m.display_name),
            ),
        )
        for requirement in status.unmet
    ]


@dataclass(frozen=True)
class ApprovalStatus:
    """Where the board's approval of an article stands, in words people read.

    After approval it says what was approved, by whom, as which version and what readers
    see (``articles.visibility``: an approval still under embargo is not what they see);
    the quorum count ("1 of 2") is about the text still waiting for the board.
    """

    approved: bool  # the article is approved (its current text is the newest approval)
    live: PublishedVersion | None  # the newest approval, live or still embargoed
    approvers: str  # "Jane Roe, MD and Sam Smith, MD, PhD" (from the frozen version)
    approvals: int
    required: int
    public: PublishedVersion | None = None  # the approved version readers see now
    pending_public: bool = False  # readers see the submitted text with the caution banner

    @property
    def embargoed(self) -> bool:
        return self.live is not None and (self.public is None or self.public.pk != self.live.pk)

    @property
    def readers_see(self) -> str:
        """What the public page shows now, in one sentence."""
        public = self.public
        if public is not None:
            return (
                f"{public.approval_reference} ({public.version_name()}) — “{public.title}”, "
                f"approved {public.approved_at:%Y-%m-%d}."
            )
        if self.pending_public:
            return "the submitted text, with a caution banner (not yet approved)."
        return "nothing yet: the article is not public."

    @property
    def summary(self) -> str:
        live = self.live
        if live is not None:
            approved = f"{live.approval_reference}, approved {live.approved_at:%Y-%m-%d}" + (
                f" by {self.approvers}" if self.approvers else ""
            )
        if self.approved and live is not None:
            if self.embargoed:
                when = timezone.localtime(live.release_at).strftime("%Y-%m-%d %H:%M %Z")
                return (
                    f"Approved: {approved}; it goes live at {when}. Readers see {self.readers_see}"
                )
            return f"Approved: {approved}. Readers see this approved version."
        missing = max(self.required - self.approvals, 0)
        pending = f"{self.approvals} of {self.required} approvals of the current version" + (
            f" ({missing} more needed)." if missing else "."
        )
        if live is not None:
            return f"Revision not yet approved: {pending} Readers see {self.readers_see}"
        return f"Not yet approved: {pending} Readers see {self.readers_see}"


def _people(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def approval_status(
    article: Article,
    *,
    live: PublishedVersion | None | type[Ellipsis] = ...,
    approvals: int | None = None,
    required: int | None = None,
) -> ApprovalStatus:
    if live is ...:  # not looked up yet (None means: looked up, there is none)
        live = visibility.latest_approval(article)
    if approvals is None or required is None:
        quorum = quorum_status(article)  # with what review policies add (requirements)
        approvals = quorum.approvals if approvals is None else approvals
        required = quorum.required if required is None else required
    approvers = [
        ", ".join(part for part in (r.get("name"), r.get("credentials")) if part)
        for r in (live.reviewers if live is not None else [])
    ]
    public = visibility.live_version(article) if live is not None else None
    return ApprovalStatus(
        approved=article.status == ArticleStatus.APPROVED and live is not None,
        live=live,
        approvers=_people([a for a in approvers if a]),
        approvals=approvals,
        required=required,
        public=public,
        pending_public=public is None
        and visibility.show_pending()
        and article.status in visibility.PENDING_PUBLIC_STATES,
    )


# --- dashboard -----------------------------------------------------------------------


@dataclass
class Dashboard:
    my_drafts: list[Article] = field(default_factory=list)
    my_in_review: list[Article] = field(default_factory=list)
    awaiting_assignment: list[Article] | None = None  # None: not shown to this user
    my_queue: list[ReviewAssignment] | None = None  # None: not a board member


def _pending_count():
    return Count("assignments", filter=Q(assignments__state=AssignmentState.PENDING))


def dashboard(*, user) -> Dashboard:
    mine = Article.objects.filter(author=user).select_related("author")
    board = Dashboard(
        my_drafts=list(
            mine.filter(status__in=[S.DRAFT, S.CHANGES_REQUESTED]).order_by("-content_updated_at")[
                :DASHBOARD_LIMIT
            ]
        ),
        my_in_review=list(
            mine.filter(status__in=[S.SUBMITTED, S.UNDER_REVIEW])
            .annotate(pending_reviews=_pending_count())
            .order_by("-content_updated_at")[:DASHBOARD_LIMIT]
        ),
    )
    if user.has_perm("review.assign_reviewer"):
        board.awaiting_assignment = list(awaiting_assignment()[:DASHBOARD_LIMIT])
    member = BoardMember.objects.filter(user=user).first()
    if member is not None:
        board.my_queue = list(review_queue(member=member)[:DASHBOARD_LIMIT])
    return board


def awaiting_assignment() -> QuerySet[Article]:
    """Articles in review that nobody is reviewing now: submitted, or under review with no
    pending assignment (everyone declined or was withdrawn)."""
    pending = ReviewAssignment.objects.filter(article=OuterRef("pk"), state=AssignmentState.PENDING)
    return (
        Article.objects.filter(status__in=[S.SUBMITTED, S.UNDER_REVIEW])
        .filter(~Exists(pending))
        .select_related("author")
        .order_by("content_updated_at")
    )


def review_queue(*, member: BoardMember) -> QuerySet[ReviewAssignment]:
    """A member's pending assignments, soonest due first."""
    return (
        ReviewAssignment.objects.pending()
        .filter(reviewer=member)
        .select_related("article", "assigned_by")
        .order_by("due_date", "pk")
    )


# --- the review page -----------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: Any
    kind: str
    label: str
    message: str


@dataclass
class Thread:
    root: ReviewComment
    replies: list[ReviewComment]


@dataclass
class ReviewPage:
    article: Article
    current: Any  # the latest simple-history record
    live: PublishedVersion | None
    content: dict[str, Any]  # body_html and references of the current text
    assignments: list[ReviewAssignment]
    my_assignment: ReviewAssignment | None
    approvals: int
    required: int
    threads: list[Thread]
    timeline: list[TimelineEntry]
    diff_base: Any  # what the diff compares against, or None
    diff_label: str
    diffs: list[FieldDiff]
    content_hash: str = ""  # of the text shown: the decision form carries it
    old_label: str = ""  # version names of the diff's two sides ("v4", "MAB-2026-0003 (v3)")
    new_label: str = ""
    quorum: QuorumStatus | None = None  # with the requirements in force and what is missing
    status: ApprovalStatus | None = None
    # Comments whose quoted passage is in the current text (highlighted in it); a quote
    # not found there is shown as "passage changed".
    anchored: frozenset[int] = frozenset()


def article_for_review(*, pk: int) -> Article | None:
    return Article.objects.select_related("author").filter(pk=pk).first()


def comment_threads(article: Article) -> list[Thread]:
    comments = list(
        ReviewComment.objects.filter(article=article).select_related("author", "resolved_by")
    )
    # The version each comment was written on, by its per-article number (never an id).
    numbers = dict(
        article.history.filter(history_id__in={c.history_id for c in comments}).values_list(
            "history_id", "text_version"
        )
    )
    for comment in comments:
        comment.version_name = version_name(numbers.get(comment.history_id))
    threads: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(root=comment, replies=[])
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    return list(threads.values())


# Timeline entries the publishing schedule writes (``articles.services``).
SCHEDULE_LABELS = {"release": "Scheduled release", "expire": "Expiry"}


def review_timeline(article: Article) -> list[TimelineEntry]:
    """Every assignment, decision, comment and state change, oldest first, as one list."""
    entries = [
        TimelineEntry(
            at=event.at,
            actor=event.actor,
            kind=event.kind,
            label=event.get_kind_display(),
            message=event.message,
        )
        for event in ReviewEvent.objects.filter(article=article).select_related("actor")
    ]
    entries += [
        TimelineEntry(
            at=change.at,
            actor=change.actor,
            kind="state",
            label=SCHEDULE_LABELS.get(change.transition, "State change"),
            message=(
                change.comment  # the schedule's acts change no state: their note says it all
                if change.transition in SCHEDULE_LABELS
                else f"{ArticleStatus(change.source).label} → {ArticleStatus(change.target).label}"
                + (f": {change.comment}" if change.comment else "")
            ),
        )
        for change in StateChange.objects.filter(article=article).select_related("actor")
    ]
    return sorted(entries, key=lambda e: e.at)


def review_page(*, article: Article, user, seen_version: int | None = None) -> ReviewPage:
    """Everything the review page shows.

    ``seen_version``: the version a member had open when their decision was refused
    because the text changed; the diff then shows what changed since that version.
    """
    records = article.history.select_related("history_user")
    current = records.first()
    live = visibility.latest_approval(article)
    assignments = list(
        ReviewAssignment.objects.filter(article=article)
        .select_related("reviewer__user", "assigned_by", "published_version")
        .order_by("assigned_at", "pk")
    )
    quorum = quorum_status(article)
    mine = [a for a in assignments if a.reviewer.user_id == user.pk]
    my_pending = next((a for a in mine if a.state == AssignmentState.PENDING), None)
    my_last_decided = next(
        (a for a in reversed(mine) if a.state == AssignmentState.COMPLETED and a.history_id),
        None,
    )
    # Diff: a member who reviewed before sees what changed since their last decision;
    # everyone else sees what changed since the version readers see.
    diff_base, diff_label = None, ""
    if seen_version and seen_version != article.text_version:
        diff_base = records.filter(text_version=seen_version).first()
        diff_label = f"the version you had open ({version_label(diff_base)})"
    if diff_base is None and my_last_decided is not None:
        diff_base = records.filter(history_id=my_last_decided.history_id).first()
        diff_label = f"the version you last reviewed ({version_label(diff_base)})"
    if diff_base is None and live is not None:
        diff_base = live
        diff_label = f"the approved version readers see ({version_label(live)})"
    diffs = version_diff(diff_base, current) if diff_base is not None and current else []
    content = preview_content(article)
    threads = comment_threads(article)
    anchored = anchor_quotes(
        content["body_html"],
        [
            (comment.pk, comment.quote)
            for thread in threads
            for comment in [thread.root, *thread.replies]
            if comment.quote
        ],
    )
    content = {**content, "body_html": anchored.body_html}
    return ReviewPage(
        article=article,
        current=current,
        live=live,
        content=content,
        assignments=assignments,
        my_assignment=my_pending,
        approvals=quorum.approvals,
        required=quorum.required,
        quorum=quorum,
        threads=threads,
        timeline=review_timeline(article),
        diff_base=diff_base,
        diff_label=diff_label,
        diffs=diffs,
        content_hash=content_hash_of(article),
        old_label=version_label(diff_base),
        new_label=version_label(current),
        anchored=anchored.found,
        status=approval_status(
            article, live=live, approvals=quorum.approvals, required=quorum.required
        ),
    )


def assignable_members(article: Article) -> QuerySet[BoardMember]:
    """Active members who may be assigned to ``article`` now (no conflict, not the author,
    not already asked). The service checks again; this only keeps the form honest."""
    conflicted = ConflictOfInterest.objects.filter(member=OuterRef("pk"), article=article)
    pending = ReviewAssignment.objects.filter(
        reviewer=OuterRef("pk"), article=article, state=AssignmentState.PENDING
    )
    return (
        BoardMember.objects.filter(is_active=True, user__is_active=True)
        .exclude(user_id=article.author_id)
        .filter(~Exists(conflicted), ~Exists(pending))
        .select_related("user")
        .order_by("display_name")
    )
