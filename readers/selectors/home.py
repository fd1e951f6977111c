"""The home page: the list of approved articles, search, topics, pending articles."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

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
    matches = (
        PublishedVersion.objects.filter(search_vector=search)
        # Being its article's newest live version makes the article one the home page
        # lists (it has a live version, so it was approved and has ``last_reviewed_at``)
        # unless it is archived: nothing more to look up per match.
        .filter(pk=Subquery(newest))
        .exclude(article__status=ArticleStatus.ARCHIVED)
    )
    if topic:
        matches = matches.filter(
            Exists(
                Article.topics.through.objects.filter(
                    article_id=OuterRef("article_id"), topic__slug=topic
                )
            )
        )
    return list(
        matches.annotate(rank=SearchRank(F("search_vector"), search))
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
    """One page of the home list: ``items`` (dicts ready to print) and where to go next.

    ``newer`` and ``older`` are the query strings of the neighbouring pages (``None``: no
    such page). The plain list and the topic pages link by key (``after``/``before``: the
    id of the last or first article shown), so reaching page 500 costs what page 2 does;
    a search links by page number, since its order is by rank.
    """

    items: list[dict]
    number: int
    has_next: bool
    has_previous_page: bool | None = None
    newer: str | None = None
    older: str | None = None

    @property
    def has_previous(self) -> bool:
        if self.has_previous_page is not None:
            return self.has_previous_page
        return self.number > 1


def page_number(value: str | None) -> int:
    """The ``?page=`` asked for: a whole number from 1 (anything else means 1)."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), 10_000)


def _with_titles(page: QuerySet[Article]) -> QuerySet:
    """``page`` (a few article rows) with their newest live version's title and summary."""
    newest = (
        PublishedVersion.objects.live()
        .filter(article=OuterRef("pk"))
        .order_by("-approved_at", "-pk")
    )
    return page.annotate(
        public_title=Subquery(newest.values("title")[:1]),
        public_summary=Subquery(newest.values("summary")[:1]),
        # The live version's review date (a newer approval under embargo is not public).
        public_reviewed_at=Subquery(newest.values("approved_at")[:1]),
    ).values("id", "slug", "public_reviewed_at", "public_title", "public_summary")


def _listing(articles: QuerySet[Article], number: int, size: int) -> QuerySet:
    """Page ``number`` (of ``size`` rows) of ``articles`` with their newest live version's
    title and summary, and one row more (is there a next page?), as one query."""
    start = (number - 1) * size
    # The page's rows are picked first, by their primary keys alone (an index scan past
    # the earlier pages), and only they get their version's title: the database would
    # otherwise compute the titles of every row it skips to reach page 500.
    return _with_titles(articles.filter(pk__in=articles.values("pk")[start : start + size + 1]))


def _beside(articles: QuerySet[Article], size: int, older: bool, cursor: int) -> QuerySet:
    """The ``size`` + 1 articles listed just after (``older``) or just before the article
    ``cursor``, nearest first, with their titles: one index range read, wherever in the
    list the article stands (its place is its review time and id, read by a subquery)."""
    when = Subquery(Article.objects.filter(pk=cursor).values("last_reviewed_at")[:1])
    if older:
        near = articles.filter(last_reviewed_at__lte=when).filter(
            Q(last_reviewed_at__lt=when) | Q(pk__lt=cursor)
        )
    else:
        near = (
            articles.filter(last_reviewed_at__gte=when)
            .filter(Q(last_reviewed_at__gt=when) | Q(pk__gt=cursor))
            .order_by("last_reviewed_at", "pk")
        )
    return _with_titles(near.filter(pk__in=near.values("pk")[: size + 1]))


# The page number, size and direction are the shape (LIMIT and OFFSET are compiled into
# the SQL); the cursor and topic are values.
_home_rows = Prepared(lambda number, size: _listing(home_articles(), number, size))
_topic_home_rows = Prepared(
    lambda number, size, topic: _listing(home_articles(topic=topic), number, size), topic=str
)
_home_beside = Prepared(
    lambda size, older, cursor: _beside(home_articles(), size, older, cursor), cursor=int
)
_topic_home_beside = Prepared(
    lambda size, older, cursor, topic: _beside(home_articles(topic=topic), size, older, cursor),
    cursor=int,
    topic=str,
)


def _link(topic: str, number: int, **key: int) -> str:
    parts = [f"page={number}"] if number > 1 else []
    parts += [f"{name}={value}" for name, value in key.items()]
    if topic:
        parts.append(f"topic={quote(topic)}")
    return "?" + "&".join(parts) if parts else "?"


def home_page(
    *,
    query: str = "",
    topic: str = "",
    number: int = 1,
    after: int | None = None,
    before: int | None = None,
) -> HomePage:
    """Page ``number`` of ``home_articles``: one query whatever the number of articles.

    The list is not counted (a count reads every matching row, so it grows with the
    site): one more row than a page is read to know whether there is a next page, and
    the page says "Page 3" with newer/older links rather than "Page 3 of 95".

    The list and topic pages are paged by key: "Older" carries the id of the last article
    shown (``after``), "Newer" the id of the first (``before``), and a page is the articles
    next to it in the list's order. ``number`` then only names the page. A page number
    alone (an old link) still works, by skipping rows. An article that moves in the list
    between two clicks (a new approval) moves the page with it: the next page starts
    next to where the article is now. The list and topic pages run prepared
    (``readers.prepared``); searches through the ORM.
    """
    searching = bool(query.strip())
    if searching and connection.vendor == "postgresql":
        rows = _search_rows(query, topic, number, PAGE_SIZE)
    elif searching:
        rows = list(_listing(home_articles(query=query, topic=topic), number, PAGE_SIZE))
    elif after or before:
        older = bool(after)
        cursor = after or before
        if topic:
            rows = _topic_home_beside(PAGE_SIZE, older, cursor=cursor, topic=topic)
        else:
            rows = _home_beside(PAGE_SIZE, older, cursor=cursor)
        more = len(rows) > PAGE_SIZE
        if not older and not more:
            # Nothing newer than a page's worth: that is the first page.
            return home_page(topic=topic)
        rows = rows[:PAGE_SIZE]
        if not older:
            rows.reverse()
        ids = [row["id"] for row in rows]
        page = HomePage(
            items=_items(rows),
            number=number,
            has_next=more if older else bool(rows),
            has_previous_page=True if older else more,
        )
        return _with_links(page, topic, ids)
    elif topic:
        rows = _topic_home_rows(number, PAGE_SIZE, topic=topic)
    else:
        rows = _home_rows(number, PAGE_SIZE)
    page = HomePage(items=_items(rows[:PAGE_SIZE]), number=number, has_next=len(rows) > PAGE_SIZE)
    if searching:
        if page.has_previous:
            page.newer = f"?page={number - 1}&q={quote(query)}" + (
                f"&topic={quote(topic)}" if topic else ""
            )
        if page.has_next:
            page.older = f"?page={number + 1}&q={quote(query)}" + (
                f"&topic={quote(topic)}" if topic else ""
            )
        return page
    return _with_links(page, topic, [row["id"] for row in rows[:PAGE_SIZE]])


def _items(rows) -> list[dict]:
    return [
        {
            "url": links.article_url(row["slug"]),
            "title": row["public_title"],
            "summary": row["public_summary"],
            "reviewed_iso": links.iso(row["public_reviewed_at"]),
            "reviewed": links.long_date(row["public_reviewed_at"]),
        }
        for row in rows
    ]


def _with_links(page: HomePage, topic: str, ids: list[int]) -> HomePage:
    """``page`` with its "Newer" and "Older" links by key (``ids``: the articles shown)."""
    if page.has_previous:
        if page.number <= 2 or not ids:
            page.newer = _link(topic, 1)
        else:
            page.newer = _link(topic, page.number - 1, before=ids[0])
    if page.has_next and ids:
        page.older = _link(topic, page.number + 1, after=ids[-1])
    return page


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
