"""Reads that are more than a one-liner: what readers may see, versions and their diffs."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .diffing import Row, diff_text
from .hooks import extra_substance
from .models import (
    SUBSTANCE_FIELDS,
    Article,
    ArticleStatus,
    PublishedVersion,
    StateChange,
    version_name,
)
from .rendering import render_preview

# Readers see an article once it has been submitted to the board (with a caution banner
# until it is approved), and an approved version for as long as the article is not
# archived, even while a revision is in progress. Drafts, and articles the board sent back
# before ever approving them, stay private.
PENDING_PUBLIC_STATES = (ArticleStatus.SUBMITTED, ArticleStatus.UNDER_REVIEW)
REVIEW_STEPS = (
    (ArticleStatus.SUBMITTED, "Submitted"),
    (ArticleStatus.UNDER_REVIEW, "Under Review"),
    (ArticleStatus.APPROVED, "Approved"),
)


@dataclass(frozen=True)
class PublicArticle:
    """Everything the public page shows, whichever version it comes from."""

    article: Article
    title: str
    summary: str
    body_html: str
    references: list
    reviewers: list
    review_step: str  # one of REVIEW_STEPS' values
    approved: bool
    content_updated_at: datetime
    last_reviewed_at: datetime | None
    next_review_due: date | None
    approval_reference: str = ""
    # Related questions as readers see them (their approved titles, not working drafts).
    related: tuple = ()

    @property
    def steps(self) -> list[dict]:
        keys = [key for key, _ in REVIEW_STEPS]
        current = keys.index(self.review_step)
        return [
            {"label": label, "current": i == current, "done": i < current}
            for i, (_key, label) in enumerate(REVIEW_STEPS)
        ]


def public_articles() -> QuerySet[Article]:
    has_published = Exists(PublishedVersion.objects.filter(article=OuterRef("pk")))
    latest = PublishedVersion.objects.order_by("article_id", "-approved_at", "-pk")
    return (
        Article.objects.exclude(status=ArticleStatus.ARCHIVED)
        .filter(Q(status__in=PENDING_PUBLIC_STATES) | Q(has_published))
        .prefetch_related(Prefetch("published_versions", queryset=latest, to_attr="_published"))
        .order_by("title")
    )


def public_article(*, slug: str) -> PublicArticle | None:
    article = (
        public_articles()
        .prefetch_related(Prefetch("related_articles", queryset=public_articles()))
        .filter(slug=slug)
        .first()
    )
    if article is None:
        return None
    related = tuple(public_view(other, with_body=False) for other in article.related_articles.all())
    return dataclasses.replace(public_view(article), related=related)


def public_view(article: Article, *, with_body: bool = True) -> PublicArticle:
    """The version readers see: the latest approved one if any, else the pending text.

    Lists pass ``with_body=False`` so that no pending body is rendered just to be dropped.
    """
    published = article._published[0] if getattr(article, "_published", None) else None
    if published is not None:
        return PublicArticle(
            article=article,
            title=published.title,
            summary=published.summary,
            body_html=published.body_html,
            references=published.references,
            reviewers=published.reviewers,
            review_step=ArticleStatus.APPROVED,
            approved=True,
            content_updated_at=published.content_updated_at,
            last_reviewed_at=article.last_reviewed_at,
            next_review_due=article.next_review_due,
            approval_reference=published.approval_reference,
        )
    preview = render_preview(article) if with_body else {"body_html": "", "references": []}
    return PublicArticle(
        article=article,
        title=article.title,
        summary=article.summary,
        body_html=preview["body_html"],
        references=preview["references"],
        reviewers=[],
        review_step=article.status,
        approved=False,
        content_updated_at=article.content_updated_at,
        last_reviewed_at=None,
        next_review_due=None,
    )


def article_timeline(article: Article) -> QuerySet[StateChange]:
    return article.state_changes.select_related("actor")


def article_versions(article: Article) -> list:
    """The article's history records, newest first, each marked with what can be done.

    ``same_as_current``: its substance equals the current text, so reverting to it would
    change nothing and is not offered. Each record carries ``text_version`` (show it with
    ``version_name``), never its database id.
    """
    records = list(article.history.select_related("history_user").order_by("-history_id"))
    current = article.substance()
    for record in records:
        record.same_as_current = {n: getattr(record, n) for n in SUBSTANCE_FIELDS} == current
        record.version_name = version_name(record.text_version)
    return records


def same_substance(old, new) -> bool:
    return all(getattr(old, n) == getattr(new, n) for n in SUBSTANCE_FIELDS)


def live_version(article: Article) -> PublishedVersion | None:
    return article.published_versions.select_related("approved_by").first()


FIELD_LABELS = {
    "title": "Question (title)",
    "summary": "Summary",
    "body": "Body",
    "alt_summary": "Summary for the other audience",
    "alt_body": "Body for the other audience",
}


@dataclass(frozen=True)
class FieldDiff:
    field: str  # what people call it: "Body", "Cited references"
    changed: bool
    rows: list[Row]
    notes: list[str]


def version_label(obj) -> str:
    """How a version is named on screen: "v5", or "MAB-2026-0003 (v5)" when approved."""
    if obj is None:
        return ""
    name = version_name(getattr(obj, "text_version", None))
    reference = getattr(obj, "approval_reference", "")
    if reference:
        return f"{reference} ({name})" if name else reference
    return name or "an earlier version"


def reference_lines(obj) -> list[str]:
    """The cited references of a version as lines of text, for the diff.

    An approved version keeps the list it was approved with; a working or historical
    version lists what its body cites now (through ``hooks.register_substance``).
    """
    frozen = getattr(obj, "references", None)
    if isinstance(frozen, list):
        entries = frozen
    else:
        entries = [
            item
            for value in extra_substance(obj).values()
            if isinstance(value, list)
            for item in value
            if isinstance(item, dict)
        ]
    return [f"[{e.get('key', '')}] {e.get('text', '')}".strip() for e in entries]


def version_diff(old, new) -> list[FieldDiff]:
    """Word-level diff of the title, summary, body and cited references of two versions.

    Each of ``old`` and ``new`` is a history record, a published version or an article.
    Bounded in time and size (``articles.diffing``): never a hang, a note when coarser.
    """
    diffs = []
    for name in SUBSTANCE_FIELDS:
        result = diff_text(getattr(old, name) or "", getattr(new, name) or "")
        diffs.append(FieldDiff(FIELD_LABELS[name], result.changed, result.rows, result.notes))
    result = diff_text("\n".join(reference_lines(old)), "\n".join(reference_lines(new)))
    diffs.append(FieldDiff("Cited references", result.changed, result.rows, result.notes))
    return diffs


# --- the schedule ----------------------------------------------------------------------


def releases_due(now) -> QuerySet[PublishedVersion]:
    """Embargoed versions whose time has come and that are not live yet."""
    return PublishedVersion.objects.filter(release_at__lte=now, release__isnull=True).exclude(
        article__status=ArticleStatus.ARCHIVED
    )


def expiries_due(now) -> QuerySet[Article]:
    """Public articles past their expiry date (the service skips those already handled)."""
    return (
        Article.objects.filter(expires_at__lte=now)
        .exclude(status=ArticleStatus.ARCHIVED)
        .filter(Exists(PublishedVersion.objects.filter(article=OuterRef("pk"))))
    )


def scheduled_releases() -> QuerySet[PublishedVersion]:
    """Approved versions waiting for their embargo to end, soonest first."""
    return (
        PublishedVersion.objects.filter(release_at__isnull=False, release__isnull=True)
        .exclude(article__status=ArticleStatus.ARCHIVED)
        .select_related("article")
        .order_by("release_at")
    )


def scheduled_expiries() -> QuerySet[Article]:
    """Articles with an expiry date still to come, soonest first."""
    return (
        Article.objects.filter(expires_at__isnull=False)
        .exclude(status=ArticleStatus.ARCHIVED)
        .only("pk", "title", "slug", "expires_at", "expiry_action", "status")
        .order_by("expires_at")
    )


def articles_missing_audience_version() -> QuerySet[Article]:
    """Articles with no text for their other audience (plain language, or clinician)."""
    return (
        Article.objects.exclude(status=ArticleStatus.ARCHIVED)
        .filter(alt_body="")
        .only("pk", "title", "slug", "audience", "status")
        .order_by("title")
    )
