"""The article page: an approved version, a pending text, an earlier version, a preview."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery
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
    next_review_date,
    other_audience,
)
from articles.rendering import render_preview
from review.models import BoardMember

from .. import links
from ..prepared import Prepared
from .visibility import (
    PENDING_PUBLIC_STATES,
    STEP_OF_STATE,
    STEPS,
    article_is_public,
    show_pending,
)

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
    def expired_long(self) -> str:
        """The day the article expired, in the site's time zone ("March 12, 2026")."""
        return links.long_date(self.article.expires_at)

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


def _build_history(article_id):
    return (
        PublishedVersion.objects.live()
        .filter(article_id=article_id)
        .order_by("-approved_at", "-pk")
        .values(
            "approval_reference",
            "approved_at",
            "change_kind",
            "change_note",
            "release_at",
            released_at=F("release__released_at"),
        )
    )


_history_rows = Prepared(_build_history, article_id=int)


def _history(article: Article) -> list[dict]:
    """The dated list of live approved versions with their "what changed" notes (one query)."""
    labels = {ChangeKind.UPDATE: "Update", ChangeKind.CORRECTION: "Correction"}
    labels[ChangeKind.MINOR] = "Minor change"
    rows = _history_rows(article_id=article.pk)
    for row in rows:
        # When readers first saw it: a release that ran late is dated when it ran.
        row["date"] = row["released_at"] or row["release_at"] or row["approved_at"]
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
        audience=record.audience,
        alt_summary=record.alt_summary,
        alt_body=record.alt_body,
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
    "review_interval_months",
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
        return _unapproved_page(slug, audience)
    row = rows[0]
    article = Article(pk=row["article_id"], **{f: row[f"article_{f}"] for f in _ARTICLE_FIELDS})
    published = PublishedVersion(article_id=article.pk, **{f: row[f] for f in _VERSION_FIELDS})
    history = _history(article)
    page = approved_page(
        article,
        published,
        # The review readers see is the live version's: a newer approval still under
        # embargo moves neither "Medically reviewed … on" nor "Next review due".
        last_reviewed_at=published.approved_at,
        date_published=history[-1]["approved_at"],  # the first live approval
        audience=audience,
    )
    if article.last_reviewed_at != published.approved_at:
        page.next_review_due = next_review_date(article, published.approved_at)
    now = timezone.now()
    page.history = history
    page.correction = _correction(history, now)
    page.expired = article.is_expired(now) and article.expiry_action == ExpiryAction.BANNER
    page.related = _related(article)
    page.topics = _topics(article)
    return page


def _unapproved_page(slug: str, audience: str = "") -> ArticlePage | Gone | None:
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
    page = pending_page(source, step=STEP_OF_STATE[article.status], audience=audience)
    page.article = article
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


def pending_page(
    article: Article, *, step: str, preview: bool = False, audience: str = ""
) -> ArticlePage:
    """What readers would see of a text not approved (yet): also used for staff previews.

    ``article`` may be an unsaved ``Article`` built from an older version's fields (title,
    summary, body, the other audience's version): the citations are numbered from the
    body, as on approval. ``audience`` is the reader's choice, honoured as on an approved
    page: the other audience's text when there is one, else the main text with
    ``fallback`` set.
    """
    data = render_preview(article)
    alt_html = data.get("alt_body_html", "")
    wanted = audience
    shows_alt = bool(wanted) and wanted != article.audience and bool(alt_html.strip())
    return ArticlePage(
        article=article,
        title=article.title,
        summary=article.alt_summary if shows_alt else article.summary,
        body_html=link_citations(alt_html if shows_alt else data["body_html"]),
        references=data["references"],
        step=step,
        approved=False,
        content_updated_at=article.content_updated_at,
        preview=preview,
        audience=other_audience(article.audience) if shows_alt else article.audience,
        wanted=wanted,
        fallback=bool(wanted) and not shows_alt and wanted != article.audience,
        alt_available=bool(alt_html.strip()),
    )
