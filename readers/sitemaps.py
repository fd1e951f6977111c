"""The sitemap: an index (``/sitemap.xml``) of pages of at most ``ARTICLES_PER_PAGE`` URLs.

The sitemap protocol allows 50,000 URLs a file; pages of 5,000 keep each response small
and quick to build at any size of the site. Page ``p`` lists the public articles whose
id falls in the ``p``-th block of 5,000 ids, so the index needs only the largest id (no
count of the public articles), a page's contents move only when one of its articles
leaves the public site or a new one is created in its block, and each page is one
indexed query reading the slug and the date the live version's substance last changed.
A block with no public article is an empty, valid page. The index gives no ``lastmod``
per page: computing it would read every article.
"""

from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article
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

    def page_items(self, number: int):
        """The public articles of the ``number``-th block of ids (1-based)."""
        first = (number - 1) * self.limit
        return self.items().filter(pk__gt=first, pk__lte=first + self.limit)

    @property
    def paginator(self):
        # One page per block of ids: only the largest id is read.
        last = Article.objects.aggregate(last=Max("pk"))["last"] or 0
        return SimpleNamespace(num_pages=max(1, -(-last // self.limit)))

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
    if number < 1 or number > ArticleSitemap().paginator.num_pages:
        raise Http404("No such sitemap page.")
    rows = list(ArticleSitemap().page_items(number))
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
