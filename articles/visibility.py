"""What readers see: the one definition, used by the public site, the admin and the review.

An article is public when it is not archived and either

- it has a *live* approved version (``PublishedVersion.objects.live()``: approved, and not
  waiting for an embargo to end): readers see the newest live version, whatever the
  working copy is doing (a revision in progress, a resubmission, changes requested); or
- it was never approved and is pending review (submitted, under review, or sent back for
  changes after having been public under review) while ``settings.ARTICLES_SHOW_PENDING``
  is on (the default): readers see the text as last submitted, with the caution banner,
  unless a board member requesting changes marked it not safe to show: then a short
  notice stands in for it until it is submitted again (``text_withheld``); and unless a
  review policy keeps it off the site while pending (``Article.hidden_while_pending``,
  kept by the safety checks: e.g. uncited dosing claims).

Drafts that were never approved are not found; archived articles are gone (410). Every
screen that says "readers see …" (the public pages, the sitemap, the admin's "View on
site" and "Live version", the review page) asks this module rather than restating it.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from .models import Article, ArticleStatus, PublishedVersion

PENDING_STATES = (ArticleStatus.SUBMITTED, ArticleStatus.UNDER_REVIEW)
# "Changes requested" is reached only from "under review", so an article in it was public
# while under review whenever pending articles are public at all: it stays at its URL.
PENDING_PUBLIC_STATES = (*PENDING_STATES, ArticleStatus.CHANGES_REQUESTED)


def show_pending() -> bool:
    """Whether articles pending review (never approved) are public, with the banner."""
    return settings.ARTICLES_SHOW_PENDING


def live_versions() -> QuerySet[PublishedVersion]:
    """Approved versions readers may see (released, or never embargoed), newest first."""
    return PublishedVersion.objects.live().order_by("-approved_at", "-pk")


class _ExistsPerRow(Exists):
    """An ``EXISTS`` that PostgreSQL answers row by row, never by hashing the subquery.

    Inside an ``OR`` or a ``CASE`` an ``EXISTS`` cannot become a join; PostgreSQL then
    plans it two ways, a look-up per outer row or a hash of every row of the subquery,
    and picks by the number of outer rows it expects, blind to the ``LIMIT`` above: the
    read API's page of twenty out of 100,000 articles hashed all 140,000 live versions
    first (85 ms, against 1 ms looked up per row). PostgreSQL does not simplify a
    subquery with an ``OFFSET``, and only an ``EXISTS`` it simplified may be hashed:
    ``OFFSET 0`` leaves the look-up per row (SQLite reads it the same either way).
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"


def has_live_version(*, per_row: bool = False) -> Q:
    """A condition on ``Article`` rows: the article has a live approved version.

    One ``EXISTS``, which the database answers per article from the versions' covering
    index (``pubversion_newest``: article, approval, release time) without reading a
    version row. (Two ``EXISTS`` joined by OR, one per way of being live, made PostgreSQL
    read every live version into a hash first, 20–60 ms at 100,000 articles, even for a
    page of twenty.) ``per_row`` where it is not a filter of its own, so cannot become a
    join (one side of an ``OR``, a ``CASE``): see ``_ExistsPerRow``.
    """
    kind = _ExistsPerRow if per_row else Exists
    return Q(kind(PublishedVersion.objects.live().filter(article=OuterRef("pk"))))


def not_archived(article_field: str = "article_id") -> Q:
    """A condition on rows that name an article (``article_field``): it is not archived.

    An anti-join against the few archived articles (index ``article_archived``), so a
    list of citations, assignments or approvals never joins every article row.
    """
    archived = Article.objects.filter(pk=OuterRef(article_field), status=ArticleStatus.ARCHIVED)
    return ~Q(Exists(archived))


def live_reference() -> Subquery:
    """For annotating ``Article`` rows: the approval reference of the version readers see
    (None when no approved version is live)."""
    newest = live_versions().filter(article=OuterRef("pk")).values("approval_reference")
    return Subquery(newest[:1])


def pending_public_q() -> Q:
    """Articles shown as pending review (the caution banner), when that is on at all."""
    if not show_pending():
        return Q(pk__in=[])
    return Q(status__in=PENDING_PUBLIC_STATES, hidden_while_pending="")


def visible_articles() -> QuerySet[Article]:
    """Articles readers can open: not archived; live approved, or pending and shown."""
    return Article.objects.exclude(status=ArticleStatus.ARCHIVED).filter(
        has_live_version(per_row=True) | pending_public_q()
    )


def is_public(article: Article) -> bool:
    return visible_articles().filter(pk=article.pk).exists()


def live_version(article: Article) -> PublishedVersion | None:
    """The approved version readers see now (None: none is live, e.g. only embargoed)."""
    if article.pk is None or article.status == ArticleStatus.ARCHIVED:
        return None
    return live_versions().filter(article=article).select_related("approved_by").first()


def after_submit(article: Article) -> str:
    """What readers will see once ``article`` is submitted, in words (the submit page)."""
    if live_version(article) is not None:
        return "Readers keep seeing the approved version until the board approves this one."
    if show_pending():
        return (
            "Once submitted, this text is public at its address, marked “pending review by "
            "our Medical Advisory Board” with the caution banner, until the board decides."
        )
    return "Readers see nothing of it until the board approves it."


def text_withheld(article: Article) -> bool:
    """Readers of the pending page see a short "being revised after clinical review"
    notice instead of the text: a board member found it not safe to show. An approved
    version that is live is not affected (readers see it, not the pending text)."""
    return bool(article.withheld_from_readers) and live_version(article) is None


def latest_approval(article: Article) -> PublishedVersion | None:
    """The newest approved version, live or still embargoed (what the board last vouched
    for); readers may not see it yet: ask ``live_version`` for that."""
    if article.pk is None:
        return None
    return (
        article.published_versions.order_by("-approved_at", "-pk")
        .select_related("approved_by")
        .first()
    )
