"""Reads for the public site: which articles readers may see, and everything a page shows.

Every page's queries are decided here, once, and do not grow with the number of versions,
reviewers, comments or citations an article has: the article page reads the newest frozen
``PublishedVersion`` (one row), its related questions, topics and the approving members'
current board entries, each in one query.

Who sees what (``settings.READERS_SHOW_PENDING``, default on):
- an article with an approved version: that version, whatever the working copy is doing;
- submitted / under review, never approved: its text, with the caution banner, when the
  setting is on;
- sent back for changes after having been public: still at its URL, with the banner and
  the "Under Review" step, showing the text as it was last submitted (never a 404, never
  the editors' work in progress);
- drafts (never approved): not found; archived: gone (410).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import slugify

from articles.models import (
    Article,
    ArticleStatus,
    Audience,
    ChangeKind,
    ExpiryAction,
    PublishedVersion,
    StateChange,
    Topic,
    other_audience,
)
from articles.rendering import render_markdown, render_preview
from review.models import BoardMember, Decision, ReviewAssignment

from . import links
from .models import PolicyPage
from .prepared import Prepared

PENDING_STATES = (ArticleStatus.SUBMITTED, ArticleStatus.UNDER_REVIEW)
# Shown with the banner when pending articles are public (sent back: "Under Review").
PENDING_PUBLIC_STATES = (*PENDING_STATES, ArticleStatus.CHANGES_REQUESTED)
STEPS = (
    (ArticleStatus.SUBMITTED, "Submitted"),
    (ArticleStatus.UNDER_REVIEW, "Under Review"),
    (ArticleStatus.APPROVED, "Approved"),
)
# The step readers see for each state an article can be public in.
STEP_OF_STATE = {
    ArticleStatus.SUBMITTED: ArticleStatus.SUBMITTED,
    ArticleStatus.UNDER_REVIEW: ArticleStatus.UNDER_REVIEW,
    ArticleStatus.CHANGES_REQUESTED: ArticleStatus.UNDER_REVIEW,
    ArticleStatus.APPROVED: ArticleStatus.APPROVED,
}
# Degree acronyms explained on the board page.
CREDENTIALS = {
    "MD": "Doctor of Medicine",
    "DO": "Doctor of Osteopathic Medicine",
    "MBBS": "Bachelor of Medicine, Bachelor of Surgery",
    "PhD": "Doctor of Philosophy",
    "PharmD": "Doctor of Pharmacy",
    "MPH": "Master of Public Health",
    "FACP": "Fellow of the American College of Physicians",
    "FRCP": "Fellow of the Royal College of Physicians",
    "FACS": "Fellow of the American College of Surgeons",
    "RN": "Registered Nurse",
    "NP": "Nurse Practitioner",
    "PA": "Physician Assistant",
    "MSc": "Master of Science",
}


def show_pending() -> bool:
    return settings.READERS_SHOW_PENDING


# --- visibility ---------------------------------------------------------------------


def _pending_visible_q() -> Q:
    # "Changes requested" is reached only from "under review", so an article in it was
    # public while under review whenever pending articles are public at all.
    if not show_pending():
        return Q(pk__in=[])
    return Q(status__in=PENDING_PUBLIC_STATES)


def visible_articles() -> QuerySet[Article]:
    """Articles readers can open (not archived; approved once, or pending and shown)."""
    has_published = Exists(PublishedVersion.objects.live().filter(article=OuterRef("pk")))
    return Article.objects.exclude(status=ArticleStatus.ARCHIVED).filter(
        Q(has_published) | _pending_visible_q()
    )


def article_is_public(article: Article) -> bool:
    return visible_articles().filter(pk=article.pk).exists()


# --- the article page -----------------------------------------------------------------


@dataclass
class Approver:
    name: str
    credentials: str
    approved_at: datetime | None
    anchor: str
    disclosure: str
    specialties: list

    @property
    def approved_iso(self) -> str:
        return links.iso(self.approved_at)

    @property
    def approved_long(self) -> str:
        return links.long_date(self.approved_at)


@dataclass
class ArticlePage:
    """Everything the article page shows, as plain data (cacheable, template-ready)."""

    article: Article
    title: str
    summary: str
    body_html: str
    references: list
    step: str
    approved: bool
    content_updated_at: datetime
    last_reviewed_at: datetime | None = None
    next_review_due: date | None = None
    date_published: datetime | None = None
    approval_reference: str = ""
    approvers: list = field(default_factory=list)
    related: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    preview: bool = False
    # Audience versions: the audience of the text shown, the reader's choice ("" none),
    # whether the choice had no text of its own (the other one is shown, with a note).
    audience: str = Audience.CLINICIAN
    wanted: str = ""
    fallback: bool = False
    alt_available: bool = False
    # The public record: approved versions newest first, a recent correction, the expiry
    # banner, and (on an old version's page) the current version it was superseded by.
    history: list = field(default_factory=list)
    correction: dict | None = None
    expired: bool = False
    superseded: bool = False
    preview_label: str = ""  # staff previews: which version this is
    preview_back_url: str = ""

    @property
    def steps(self) -> list[dict]:
        keys = [key for key, _ in STEPS]
        current = keys.index(self.step)
        return [
            {"label": label, "current": i == current, "done": i < current}
            for i, (_key, label) in enumerate(STEPS)
        ]

    @property
    def updated_iso(self) -> str:
        return links.iso(self.content_updated_at)

    @property
    def updated_long(self) -> str:
        return links.long_date(self.content_updated_at)

    @property
    def next_review_iso(self) -> str:
        return links.iso(self.next_review_due)

    @property
    def next_review_long(self) -> str:
        return links.long_date(self.next_review_due)

    @property
    def step_label(self) -> str:
        return dict(STEPS)[self.step]

    @property
    def alt_audience_choice(self) -> str:
        return other_audience(self.audience)


class Gone:
    """An archived article: the page answers 410."""

    def __init__(self, article: Article):
        self.article = article


def _latest_published() -> QuerySet[PublishedVersion]:
    return (
        PublishedVersion.objects.live()
        .filter(article=OuterRef("pk"))
        .order_by("-approved_at", "-pk")
    )


def _build_history(article_id):
    return (
        PublishedVersion.objects.live()
        .filter(article_id=article_id)
        .order_by("-approved_at", "-pk")
        .values("approval_reference", "approved_at", "change_kind", "change_note", "release_at")
    )


_history_rows = Prepared(_build_history, article_id=int)


def _history(article: Article) -> list[dict]:
    """The dated list of live approved versions with their "what changed" notes (one query)."""
    labels = {ChangeKind.UPDATE: "Update", ChangeKind.CORRECTION: "Correction"}
    labels[ChangeKind.MINOR] = "Minor change"
    rows = _history_rows(article_id=article.pk)
    for row in rows:
        row["date"] = row["release_at"] or row["approved_at"]
        row["date_iso"] = links.iso(row["date"])
        row["date_long"] = links.long_date(row["date"])
        row["kind_label"] = labels.get(row["change_kind"], "First published")
    return rows


def _correction(history: list[dict], now) -> dict | None:
    """The newest version, when it is a correction published within the notice period."""
    if not history or history[0]["change_kind"] != ChangeKind.CORRECTION:
        return None
    days = settings.READERS_CORRECTION_NOTICE_DAYS
    if history[0]["date"] < now - timedelta(days=days):
        return None
    return history[0]


def _with_audience(page: ArticlePage, version: PublishedVersion, wanted: str) -> ArticlePage:
    shown, summary, body_html = version.text_for(wanted or version.audience)
    page.audience = shown
    page.summary = summary
    page.body_html = link_citations(body_html)
    page.wanted = wanted
    page.fallback = bool(wanted) and shown != wanted
    page.alt_available = bool(version.alt_body_html.strip())
    return page


_CITATION_LINK = re.compile(r'<a href="#ref-(\d+)"([^>]*)>')


def link_citations(body_html: str) -> str:
    """Give each citation link an id (for the way back) and an accessible name.

    The body was sanitised when it was rendered; this only adds attributes with values
    made here (numbers), so it cannot let anything through.
    """
    seen: dict[str, int] = {}

    def add(match: re.Match) -> str:
        n = match.group(1)
        seen[n] = seen.get(n, 0) + 1
        anchor = f"cite-{n}" if seen[n] == 1 else f"cite-{n}-{seen[n]}"
        return f'<a href="#ref-{n}" id="{anchor}" aria-label="Reference {n}"{match.group(2)}>'

    return _CITATION_LINK.sub(add, body_html)


def _approvers(reviewers: list[dict]) -> list[Approver]:
    """The frozen reviewers, linked to their board entries.

    Versions approved since reviewers were frozen with their member id and disclosure need
    no query; older ones look their members up (one query) by id or name.
    """
    legacy = [r for r in reviewers if not r.get("member_id") or "disclosure" not in r]
    by_id, by_name = {}, {}
    if legacy:
        ids = [r["member_id"] for r in legacy if r.get("member_id")]
        names = [r.get("name", "") for r in legacy]
        members = BoardMember.objects.filter(Q(pk__in=ids) | Q(display_name__in=names)).only(
            "pk", "display_name", "conflict_disclosure"
        )
        by_id = {m.pk: m for m in members}
        by_name = {m.display_name: m for m in members}
    out = []
    for r in reviewers:
        member = by_id.get(r.get("member_id")) or by_name.get(r.get("name", ""))
        member_id = r.get("member_id") if "disclosure" in r else None
        member_id = member_id or (member.pk if member else None)
        approved_at = r.get("approved_at")
        out.append(
            Approver(
                name=r.get("name", ""),
                credentials=r.get("credentials", ""),
                approved_at=datetime.fromisoformat(approved_at) if approved_at else None,
                anchor=f"member-{member_id}" if member_id else f"member-{slugify(r.get('name'))}",
                # What the member declared when approving; older versions did not store it.
                disclosure=r.get("disclosure")
                if "disclosure" in r
                else (member.conflict_disclosure if member else ""),
                specialties=r.get("specialties", []),
            )
        )
    return out


def _build_related(article_id):
    newest_title = Subquery(
        PublishedVersion.objects.live()
        .filter(article=OuterRef("to_article_id"))
        .order_by("-approved_at", "-pk")
        .values("title")[:1]
    )
    return (
        Article.related_articles.through.objects.filter(from_article_id=article_id)
        .exclude(to_article__status=ArticleStatus.ARCHIVED)
        .annotate(public_title=newest_title)
        .values(
            "public_title",
            slug=F("to_article__slug"),
            title=F("to_article__title"),
            status=F("to_article__status"),
            last_reviewed_at=F("to_article__last_reviewed_at"),
        )
    )


_related_rows = Prepared(_build_related, article_id=int)


def _related(article: Article) -> list[dict]:
    """Related questions readers can open, under their public (approved) titles (one query).

    An article with an approved version shows that version's title; a pending one (when
    pending articles are public) its working title.
    """
    related = []
    for row in _related_rows(article_id=article.pk):
        if row["last_reviewed_at"] is not None and row["public_title"]:
            related.append({"slug": row["slug"], "title": row["public_title"]})
        elif show_pending() and row["status"] in PENDING_PUBLIC_STATES:
            related.append({"slug": row["slug"], "title": row["title"]})
    for item in related:
        item["url"] = links.article_url(item["slug"])
    return sorted(related, key=lambda r: r["title"])


def _build_topics(article_id):
    return Topic.objects.filter(articles=article_id).order_by("name").values("name", "slug")


_topic_rows = Prepared(_build_topics, article_id=int)


def _topics(article: Article) -> list[dict]:
    return _topic_rows(article_id=article.pk)


def _text_last_submitted(article: Article) -> Article:
    """The article as it was when last handed to the board (editors may be editing it now)."""
    change = (
        article.state_changes.filter(target=ArticleStatus.SUBMITTED, history_id__isnull=False)
        .order_by("-at", "-pk")
        .first()
    )
    record = article.history.filter(history_id=change.history_id).first() if change else None
    if record is None:
        return article
    return Article(
        pk=article.pk,
        slug=article.slug,
        title=record.title,
        summary=record.summary,
        body=record.body,
        status=article.status,
        content_updated_at=record.content_updated_at,
    )


# What the article page reads of the article and of its newest live version, in one query.
_ARTICLE_FIELDS = (
    "slug",
    "status",
    "audience",
    "last_reviewed_at",
    "next_review_due",
    "expires_at",
    "expiry_action",
)
_VERSION_FIELDS = (
    "pk",
    "text_version",
    "title",
    "summary",
    "body_html",  # not the Markdown source (``body``): readers get the frozen HTML
    "audience",
    "alt_summary",
    "alt_body_html",
    "change_kind",
    "change_note",
    "release_at",
    "references",
    "reviewers",
    "approval_reference",
    "content_updated_at",
    "approved_at",
)


def _build_current(slug):
    article_fields = {f"article_{name}": F(f"article__{name}") for name in _ARTICLE_FIELDS}
    return (
        PublishedVersion.objects.live()
        .filter(article__slug=slug)
        .order_by("-approved_at", "-pk")
        .values("article_id", *_VERSION_FIELDS, **article_fields)[:1]
    )


_current_rows = Prepared(_build_current, slug=str)


def article_page(*, slug: str, audience: str = "") -> ArticlePage | Gone | None:
    """The page for ``slug``: an ``ArticlePage``, ``Gone`` (archived) or None (not found).

    ``audience`` is the reader's choice ("" for none): the approved text for it when the
    version has one, else the main text with ``fallback`` set.

    An article with a live approved version (the page readers load most) costs four
    queries whatever its number of versions, reviewers or citations: the article with its
    newest live version, the version history, related questions and topics.
    """
    rows = _current_rows(slug=slug)
    if not rows or rows[0]["article_status"] == ArticleStatus.ARCHIVED:
        return _unapproved_page(slug)
    row = rows[0]
    article = Article(pk=row["article_id"], **{f: row[f"article_{f}"] for f in _ARTICLE_FIELDS})
    published = PublishedVersion(article_id=article.pk, **{f: row[f] for f in _VERSION_FIELDS})
    history = _history(article)
    page = approved_page(
        article,
        published,
        last_reviewed_at=article.last_reviewed_at or published.approved_at,
        date_published=history[-1]["approved_at"],  # the first live approval
        audience=audience,
    )
    now = timezone.now()
    page.history = history
    page.correction = _correction(history, now)
    page.expired = article.is_expired(now) and article.expiry_action == ExpiryAction.BANNER
    page.related = _related(article)
    page.topics = _topics(article)
    return page


def _unapproved_page(slug: str) -> ArticlePage | Gone | None:
    """An article with no live approved version, or archived: pending, gone or not found."""
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        return None
    if article.status == ArticleStatus.ARCHIVED:
        return Gone(article)
    if not article_is_public(article):
        return None
    source = (
        _text_last_submitted(article)
        if article.status == ArticleStatus.CHANGES_REQUESTED
        else article
    )
    page = pending_page(source, step=STEP_OF_STATE[article.status])
    page.article = article
    page.audience = article.audience
    page.related = _related(article)
    page.topics = _topics(article)
    return page


def version_page(*, slug: str, reference: str, audience: str = "") -> ArticlePage | None:
    """An earlier approved version, read-only and marked superseded (None: not one).

    The current version has no page of its own here: the article page shows it.
    """
    page = article_page(slug=slug, audience=audience)
    if not isinstance(page, ArticlePage) or not page.approved:
        return None
    if reference == page.approval_reference:
        return None
    version = (
        PublishedVersion.objects.live()
        .filter(article=page.article, approval_reference=reference)
        .defer("body", "alt_body")
        .first()
    )
    if version is None:
        return None
    page.title = version.title
    page.references = version.references
    page.content_updated_at = version.content_updated_at
    page.last_reviewed_at = version.approved_at
    page.next_review_due = None
    page.approval_reference = version.approval_reference
    page.approvers = _approvers(version.reviewers)
    page.correction = None
    page.superseded = True
    return _with_audience(page, version, audience)


def archive_record(article: Article) -> StateChange | None:
    """When and why an archived article was withdrawn (its last archiving)."""
    return article.state_changes.filter(transition="archive").order_by("-at", "-pk").first()


def approved_page(
    article: Article,
    published: PublishedVersion,
    *,
    last_reviewed_at: datetime | None,
    date_published: datetime | None,
    audience: str = "",
) -> ArticlePage:
    """What readers see of an approved version: its frozen text, references and reviewers."""
    page = ArticlePage(
        article=article,
        title=published.title,
        summary=published.summary,
        body_html="",  # set by _with_audience: the text for the reader's audience
        references=published.references,
        step=ArticleStatus.APPROVED,
        approved=True,
        content_updated_at=published.content_updated_at,
        last_reviewed_at=last_reviewed_at,
        next_review_due=article.next_review_due,
        date_published=date_published,
        approval_reference=published.approval_reference,
        approvers=_approvers(published.reviewers),
    )
    return _with_audience(page, published, audience)


def preview_page(version) -> ArticlePage:
    """A staff preview of one version (``review.preview.PreviewVersion``), as readers see it.

    An approved version is shown from its frozen ``PublishedVersion`` exactly as the public
    page shows it (reviewers, approval date, references); any other version is rendered
    from that history record's text like a pending article, at the step its state shows.
    """
    article, published = version.article, version.published
    if published is not None:
        first_approved = (
            article.published_versions.order_by("approved_at", "pk")
            .values_list("approved_at", flat=True)
            .first()
        )
        page = approved_page(
            article,
            published,
            last_reviewed_at=published.approved_at,
            date_published=first_approved,
        )
    else:
        text = version.record.instance  # an unsaved Article holding that version's fields
        step = STEP_OF_STATE.get(version.record.status, ArticleStatus.SUBMITTED)
        page = pending_page(text, step=step)
        page.article = article
    page.preview = True
    page.preview_label = version.label
    page.preview_back_url = version.back_url
    page.related = _related(article)
    page.topics = _topics(article)
    return page


def pending_page(article: Article, *, step: str, preview: bool = False) -> ArticlePage:
    """What readers would see of a text not approved (yet): also used for staff previews.

    ``article`` may be an unsaved ``Article`` built from an older version's fields (title,
    summary, body): the citations are numbered from the body, as on approval.
    """
    data = render_preview(article)
    return ArticlePage(
        article=article,
        title=article.title,
        summary=article.summary,
        body_html=link_citations(data["body_html"]),
        references=data["references"],
        step=step,
        approved=False,
        content_updated_at=article.content_updated_at,
        preview=preview,
    )


# --- the home page ------------------------------------------------------------------

PAGE_SIZE = 20


def home_articles(*, query: str = "", topic: str = "") -> QuerySet[Article]:
    """Articles with an approved version readers can see, newest review first.

    Only the article rows (slug, review date): pass a page of them to
    ``with_public_versions`` for their titles. An article has ``last_reviewed_at`` exactly
    when a version was approved (only approval sets it), which is what the list filters
    on, so the list is one indexed query whatever the number of articles and versions.
    Search (``query``) reads the newest approved version's text in the database:
    PostgreSQL full-text search ranked title > summary > body; elsewhere a
    case-insensitive match of every word.
    """
    articles = (
        Article.objects.exclude(status=ArticleStatus.ARCHIVED)
        .filter(last_reviewed_at__isnull=False)
        # An embargoed first approval is not public until it is released.
        .filter(Exists(PublishedVersion.objects.live().filter(article=OuterRef("pk"))))
        .only("pk", "slug", "last_reviewed_at", "status")
    )
    if topic:
        articles = articles.filter(topics__slug=topic)
    query = query.strip()[:200]
    if not query:
        return articles.order_by("-last_reviewed_at", "-pk")
    matching = PublishedVersion.objects.filter(
        pk=Subquery(
            PublishedVersion.objects.live()
            .filter(article=OuterRef("article"))
            .order_by("-approved_at", "-pk")
            .values("pk")[:1]
        )
    )
    if connection.vendor == "postgresql":
        search = SearchQuery(query, search_type="websearch", config="english")
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        ranked = (
            matching.annotate(rank=SearchRank(vector, search))
            .filter(rank__gt=0)
            .filter(article=OuterRef("pk"))
            .values("rank")[:1]
        )
        return (
            articles.annotate(rank=Subquery(ranked))
            .filter(rank__isnull=False)
            .order_by("-rank", "-last_reviewed_at", "-pk")
        )
    for word in query.split()[:8]:
        matching = matching.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    return articles.filter(pk__in=matching.values("article_id")).order_by(
        "-last_reviewed_at", "-pk"
    )


@dataclass
class HomePage:
    """One page of the home list: ``items`` (dicts ready to print) and where to go next."""

    items: list[dict]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number(value: str | None) -> int:
    """The ``?page=`` asked for: a whole number from 1 (anything else means 1)."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), 10_000)


def _listing(articles: QuerySet[Article], number: int) -> QuerySet:
    """Page ``number`` of ``articles`` with their newest live version's title and summary,
    and one row more (is there a next page?), as one query."""
    newest = (
        PublishedVersion.objects.live()
        .filter(article=OuterRef("pk"))
        .order_by("-approved_at", "-pk")
    )
    start = (number - 1) * PAGE_SIZE
    return articles.annotate(
        public_title=Subquery(newest.values("title")[:1]),
        public_summary=Subquery(newest.values("summary")[:1]),
    ).values("slug", "last_reviewed_at", "public_title", "public_summary")[
        start : start + PAGE_SIZE + 1
    ]


_home_rows = Prepared(lambda number: _listing(home_articles(), number))
_topic_home_rows = Prepared(
    lambda number, topic: _listing(home_articles(topic=topic), number), topic=str
)


def home_page(*, query: str = "", topic: str = "", number: int = 1) -> HomePage:
    """Page ``number`` of ``home_articles``: one query whatever the number of articles.

    The list is not counted (a count reads every matching row, so it grows with the
    site): one more row than a page is read to know whether there is a next page, and
    the page says "Page 3" with newer/older links rather than "Page 3 of 95". The list
    and topic pages run prepared (``readers.prepared``); searches through the ORM.
    """
    if query.strip():
        rows = list(_listing(home_articles(query=query, topic=topic), number))
    elif topic:
        rows = _topic_home_rows(number, topic=topic)
    else:
        rows = _home_rows(number)
    items = [
        {
            "url": links.article_url(row["slug"]),
            "title": row["public_title"],
            "summary": row["public_summary"],
            "reviewed_iso": links.iso(row["last_reviewed_at"]),
            "reviewed": links.long_date(row["last_reviewed_at"]),
        }
        for row in rows[:PAGE_SIZE]
    ]
    return HomePage(items=items, number=number, has_next=len(rows) > PAGE_SIZE)


def with_public_versions(articles) -> list[Article]:
    """The given articles with ``public_title``, ``public_summary`` and ``public_updated_at``
    from their newest approved version: one query, no version body loaded."""
    articles = list(articles)
    newest = Subquery(
        PublishedVersion.objects.live()
        .filter(article=OuterRef("article"))
        .order_by("-approved_at", "-pk")
        .values("pk")[:1]
    )
    rows = PublishedVersion.objects.filter(
        article_id__in=[a.pk for a in articles], pk=newest
    ).values_list("article_id", "title", "summary", "content_updated_at")
    by_article = {row[0]: row[1:] for row in rows}
    for article in articles:
        article.public_title, article.public_summary, article.public_updated_at = by_article.get(
            article.pk, ("", "", None)
        )
    return articles


_pending_rows = Prepared(
    lambda: (
        Article.objects.filter(status__in=PENDING_STATES, last_reviewed_at__isnull=True)
        .order_by("-content_updated_at")
        .values("slug", "title", "status")[:10]
    )
)


def pending_articles() -> list[dict]:
    """Up to ten articles shown with the caution banner, never approved (newest first)."""
    if not show_pending():
        return []
    rows = _pending_rows()
    for row in rows:
        row["url"] = links.article_url(row["slug"])
    return rows


_topic_list = Prepared(lambda: Topic.objects.order_by("name").values("slug", "name"))


def topics() -> list[dict]:
    """Every topic, by name (for the home page's filter)."""
    return _topic_list()


# --- board and policy -----------------------------------------------------------------


def explain_credentials(credentials: str) -> list[tuple[str, str]]:
    """("MD", "Doctor of Medicine") for each acronym in "MD, FACP" ("" when unknown)."""
    parts = [p.strip() for p in re.split(r"[,;/]", credentials or "") if p.strip()]
    return [(p, CREDENTIALS.get(p.replace(".", ""), "")) for p in parts]


def board_members() -> list[dict]:
    """Active members with their credentials explained and the articles each approved."""
    members = list(BoardMember.objects.filter(is_active=True).order_by("display_name"))
    latest_title = Subquery(
        PublishedVersion.objects.live()
        .filter(article=OuterRef("article"))
        .order_by("-approved_at", "-pk")
        .values("title")[:1]
    )
    reviewed = (
        ReviewAssignment.objects.filter(
            reviewer__in=members,
            decision=Decision.APPROVE,
            published_version__isnull=False,
        )
        .filter(Exists(PublishedVersion.objects.live().filter(article=OuterRef("article"))))
        .exclude(article__status=ArticleStatus.ARCHIVED)
        .annotate(public_title=latest_title)
        .values("reviewer_id", "article__slug", "public_title")
        .order_by("public_title")
    )
    by_member: dict[int, dict[str, str]] = {}
    for row in reviewed:
        by_member.setdefault(row["reviewer_id"], {})[row["article__slug"]] = row["public_title"]
    return [
        {
            "member": m,
            "anchor": f"member-{m.pk}",
            "credentials": explain_credentials(m.credentials),
            "articles": [
                {"slug": slug, "title": title} for slug, title in by_member.get(m.pk, {}).items()
            ],
        }
        for m in members
    ]


def policy_page(slug: str = "editorial-policy") -> dict | None:
    page = PolicyPage.objects.filter(slug=slug).first()
    if page is None:
        return None
    return {"page": page, "body_html": render_markdown(page.body)}
