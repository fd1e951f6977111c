"""Reads that are more than a one-liner: versions and their diffs, the schedule.

What readers may see is defined in ``articles.visibility``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from . import extensions, visibility
from .diffing import Row, diff_text
from .models import (
    SUBSTANCE_FIELDS,
    Article,
    ArticleSearch,
    ArticleStatus,
    PublishedVersion,
    version_name,
)


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


TEXT_FIELDS = ["title", "slug", "summary", "alt_summary", "body", "alt_body"]


def staff_search(articles: QuerySet[Article], term: str) -> QuerySet[Article]:
    """The articles of ``articles`` that the staff's search for ``term`` finds.

    The admin's search box and its article pickers use it. An article matches when its
    title or slug contains the term, or when each word of the term begins a word of its
    text (title, both audiences' summaries and bodies), in any form: "infect" finds
    "infections", "diabetes" finds "diabetic". On PostgreSQL the words are looked up in
    the stored vectors (``ArticleSearch``, GIN-indexed) and the titles and slugs through
    a trigram index, so a search costs the same whatever the number of articles; SQLite
    matches each word anywhere in the text instead.
    """
    term = term.strip()[:200]
    if not term:
        return articles
    words = re.findall(r"[^\W_]+", term)[:8]  # letters and digits: safe in a raw query
    if connection.vendor == "postgresql":
        found = Article.objects.filter(Q(title__icontains=term) | Q(slug__icontains=term))
        found = found.order_by().values("pk")
        if words:
            query = SearchQuery(
                " & ".join(f"{word}:*" for word in words), search_type="raw", config="english"
            )
            found = found.union(ArticleSearch.objects.filter(vector=query).values("article_id"))
        return articles.filter(pk__in=found)
    for word in words or [term]:
        any_field = Q()
        for name in TEXT_FIELDS:
            any_field |= Q(**{f"{name}__icontains": word})
        articles = articles.filter(any_field)
    return articles


def same_substance(old, new) -> bool:
    return all(getattr(old, n) == getattr(new, n) for n in SUBSTANCE_FIELDS)


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
    version lists what its body cites now (``ArticleExtension.substance``).
    """
    frozen = getattr(obj, "references", None)
    if isinstance(frozen, list):
        entries = frozen
    else:
        entries = [
            item
            for value in extensions.substance(obj).values()
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


def articles_missing_audience_version(limit: int = 20) -> list[Article]:
    """The first ``limit`` articles (by title) readers can open now with no text for their
    other audience (plain language, or clinician). Drafts are left out: a missing version
    matters where there are readers, and listing every unfinished draft would bury the
    ones that count.

    The articles of ``visibility.visible_articles``, read on PostgreSQL as its two parts
    (live; pending and shown), each its first ``limit`` by title, merged: one condition
    "live OR pending" made the database read every live version before the first row.
    """
    fields = ("pk", "title", "slug", "audience", "status")
    if connection.vendor != "postgresql":  # no ordered parts in a UNION on SQLite
        visible = visibility.visible_articles().filter(alt_body="").only(*fields)
        return list(visible.order_by("title", "pk")[:limit])
    base = Article.objects.exclude(status=ArticleStatus.ARCHIVED).filter(alt_body="")
    live = base.filter(visibility.has_live_version()).only(*fields).order_by("title", "pk")
    pending = base.filter(visibility.pending_public_q()).only(*fields).order_by("title", "pk")
    return list(live[:limit].union(pending[:limit]).order_by("title", "pk")[:limit])
