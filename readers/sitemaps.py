"""The sitemap: an index (``/sitemap.xml``) of sections of at most ``ARTICLES_PER_PAGE`` URLs.

The sitemap protocol allows 50,000 URLs a file; pages of 5,000 keep each response small
and quick to build at any size of the site. Articles are listed in the order they were
created, so a page's contents move only when an article leaves the public site, and each
page is one query that reads the slug and the date the live version's substance last
changed (no article or version body is loaded). The index gives no ``lastmod`` per
section: computing it would read every article.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import escape

from articles.visibility import live_versions

from . import links, selectors

ARTICLES_PER_PAGE = 5000


class ArticleSitemap(Sitemap):
    """Approved articles, with the date their substance last changed."""

    changefreq = "monthly"
    limit = ARTICLES_PER_PAGE

    def items(self):
        newest = live_versions().filter(article=OuterRef("pk"))
        return (
            selectors.home_articles()
            .order_by("pk")
            .annotate(public_updated_at=Subquery(newest.values("content_updated_at")[:1]))
            .values("slug", "public_updated_at")
        )

    @property
    def paginator(self):
        # Counted without the per-row subquery: only the article rows, by their index.
        pages = Paginator(self._items(), self.limit)
        pages.__dict__["count"] = selectors.home_articles().count()
        return pages

    def location(self, item):
        return links.article_url(item["slug"])

    def lastmod(self, item):
        return item["public_updated_at"]

    def get_latest_lastmod(self):
        return None


class PagesSitemap(Sitemap):
    def items(self):
        return ["readers:home", "readers:board", "readers:editorial_policy"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"articles": ArticleSitemap, "pages": PagesSitemap}

_URL = "<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod><changefreq>monthly</changefreq></url>"


def articles_page(request):
    """``/sitemap-articles.xml?p=N``: what Django's sitemap view writes for the section,
    written directly (its template costs ~0.2 ms a URL, a second for a full page)."""
    try:
        number = int(request.GET.get("p", 1))
    except ValueError:
        raise Http404("No such sitemap page.") from None
    limit = ArticleSitemap.limit
    rows = (
        list(ArticleSitemap().items()[(number - 1) * limit : number * limit]) if number > 0 else []
    )
    if not rows and number != 1:
        raise Http404("No such sitemap page.")
    site = request.build_absolute_uri("/")[:-1]
    urls = "".join(
        _URL.format(
            loc=escape(site + links.article_url(row["slug"])),
            lastmod=row["public_updated_at"].date().isoformat(),
        )
        for row in rows
    )
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>\n",
        content_type="application/xml",
    )
