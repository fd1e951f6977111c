from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class ArticleSitemap(Sitemap):
    """Approved articles, with the date their substance last changed."""

    changefreq = "monthly"

    def items(self):
        return selectors.with_public_versions(selectors.home_articles())

    def location(self, item):
        return reverse("readers:article", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.public_updated_at


class PagesSitemap(Sitemap):
    def items(self):
        return ["readers:home", "readers:board", "readers:editorial_policy"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"articles": ArticleSitemap, "pages": PagesSitemap}
