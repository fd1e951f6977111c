"""The home page: the list of approved articles, search, topics, pending articles."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from articles.models import (
    Article,
    ArticleStatus,
    PublishedVersion,
    Topic,
)
from articles.visibility import has_live_version

from .. import links
from ..prepared import Prepared
from .visibility import PENDING_STATES, show_pending

# --- the home page ------------------------------------------------------------------

PAGE_SIZE = 20


def home_articles(*, query: str = "", topic: str = "") -> QuerySet[Article]:
    """Articles with an approved version readers can see, newest review first.

    Only the article rows (slug, review date): pass a page of them to
    ``with_public_versions`` for their titles. An article has ``last_reviewed_at`` exactly
    when a version was approved (only approval sets it), which is what the list filters
    on, so the list is one indexed query whatever the number of articles and versions.
    Search (``query``) reads the newest approved version's text in the database:
    PostgreSQL full-text search of the stored vector (``PublishedVersion.search_vector``,
    both audiences' text) ranked title > summary > body; elsewhere a case-insensitive
    match of every word.
    """
    articles = (
        Article.objects.exclude(status=ArticleStatus.ARCHIVED)
        .filter(last_reviewed_at__isnull=False)
        # An embargoed first approval is not public until it is released.
        .filter(has_live_version())
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
        # The stored, GIN-indexed vector of each version (a trigger writes it): the index
        # finds the matching versions, only those are ranked, whatever the site's size.
        search = SearchQuery(query, search_type="websearch", config="english")
        matching = matching.filter(search_vector=search)
        ranked = (
            matching.filter(article=OuterRef("pk"))
            .annotate(rank=SearchRank(F("search_vector"), search))
            .values("rank")[:1]
        )
        return (
            articles.filter(pk__in=matching.values("article_id"))
            .annotate(rank=Subquery(ranked))
            .order_by("-rank", "-last_reviewed_at", "-pk")
        )
    for word in query.split()[:8]:
        matching = matching.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    return articles.filter(pk__in=matching.values("article_id")).order_by(
        "-last_reviewed_at", "-pk"
    )


def _search_rows(query: str, topic: str, number: int, size: int) -> list[dict]:
    """A page of search results on PostgreSQL, as one query driven by the search index.

    The GIN index finds the matching versions; those that are their article's newest live
    version are ranked once each (the version's own title, summary and review date are
    what the list prints, so nothing is read again per article), best first.
    """
    search = SearchQuery(query.strip()[:200], search_type="websearch", config="english")
    newest = (
        PublishedVersion.objects.live()
        .filter(article=OuterRef("article"))
        .order_by("-approved_at", "-pk")
        .values("pk")[:1]
    )
    start = (number - 1) * size
    return list(
        PublishedVersion.objects.filter(search_vector=search)
        .filter(pk=Subquery(newest))
        .filter(article__in=home_articles(topic=topic).values("pk"))
        .annotate(rank=SearchRank(F("search_vector"), search))
        .order_by("-rank", "-article__last_reviewed_at", "-article_id")
        .values(
            "rank",
            slug=F("article__slug"),
            public_title=F("title"),
            public_summary=F("summary"),
            public_reviewed_at=F("approved_at"),
        )[start : start + size + 1]
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


def _listing(articles: QuerySet[Article], number: int, size: int) -> QuerySet:
    """Page ``number`` (of ``size`` rows) of ``articles`` with their newest live version's
    title and summary, and one row more (is there a next page?), as one query."""
    newest = (
        PublishedVersion.objects.live()
        .filter(article=OuterRef("pk"))
        .order_by("-approved_at", "-pk")
    )
    start = (number - 1) * size
    # The page's rows are picked first, by their primary keys alone (an index scan past
    # the earlier pages), and only they get their version's title: the database would
    # otherwise compute the titles of every row it skips to reach page 500.
    page = articles.filter(pk__in=articles.values("pk")[start : start + size + 1])
    return page.annotate(
        public_title=Subquery(newest.values("title")[:1]),
        public_summary=Subquery(newest.values("summary")[:1]),
        # The live version's review date (a newer approval under embargo is not public).
        public_reviewed_at=Subquery(newest.values("approved_at")[:1]),
    ).values("slug", "public_reviewed_at", "public_title", "public_summary")


# The page number and size are the shape (LIMIT and OFFSET are compiled into the SQL).
_home_rows = Prepared(lambda number, size: _listing(home_articles(), number, size))
_topic_home_rows = Prepared(
    lambda number, size, topic: _listing(home_articles(topic=topic), number, size), topic=str
)


def home_page(*, query: str = "", topic: str = "", number: int = 1) -> HomePage:
    """Page ``number`` of ``home_articles``: one query whatever the number of articles.

    The list is not counted (a count reads every matching row, so it grows with the
    site): one more row than a page is read to know whether there is a next page, and
    the page says "Page 3" with newer/older links rather than "Page 3 of 95". The list
    and topic pages run prepared (``readers.prepared``); searches through the ORM.
    """
    if query.strip() and connection.vendor == "postgresql":
        rows = _search_rows(query, topic, number, PAGE_SIZE)
    elif query.strip():
        rows = list(_listing(home_articles(query=query, topic=topic), number, PAGE_SIZE))
    elif topic:
        rows = _topic_home_rows(number, PAGE_SIZE, topic=topic)
    else:
        rows = _home_rows(number, PAGE_SIZE)
    items = [
        {
            "url": links.article_url(row["slug"]),
            "title": row["public_title"],
            "summary": row["public_summary"],
            "reviewed_iso": links.iso(row["public_reviewed_at"]),
            "reviewed": links.long_date(row["public_reviewed_at"]),
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
        # Kept off the site by a review policy while pending: not listed either.
        Article.objects.filter(
            status__in=PENDING_STATES, last_reviewed_at__isnull=True, hidden_while_pending=""
        )
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
