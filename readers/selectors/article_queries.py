"""The article page's queries, each one query whatever the article's number of versions,
related questions or topics; the hottest are ``Prepared`` (compiled once)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import F, OuterRef, Subquery

from articles.models import (
    Article,
    ArticleStatus,
    ChangeKind,
    PublishedVersion,
    StateChange,
    Topic,
)

from .. import links
from ..prepared import Prepared
from .visibility import (
    PENDING_PUBLIC_STATES,
    show_pending,
)


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


def archive_record(article: Article) -> StateChange | None:
    """When and why an archived article was withdrawn (its last archiving)."""
    return article.state_changes.filter(transition="archive").order_by("-at", "-pk").first()
