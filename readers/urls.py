from django.contrib.sitemaps.views import index, sitemap
from django.urls import path

import articles.ids  # noqa: F401 - registers the <id:...> converter

from . import inbox, views
from .sitemaps import SITEMAPS, articles_page

app_name = "readers"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path(
        "articles/<slug:slug>/versions/<str:reference>/",
        views.article_version,
        name="article_version",
    ),
    path("audience/<str:choice>/", views.set_audience, name="set_audience"),
    path("articles/<slug:slug>/report/", views.report, name="report"),
    path("articles/<slug:slug>/ask/", views.ask, name="ask"),
    path("articles/<slug:slug>/thanks/<str:what>/", views.thanks, name="thanks"),
    path("advisory-board/", views.board, name="board"),
    path("advisory-board/<id:pk>/", views.board_member, name="board_member"),
    path("editorial-policy/", views.editorial_policy, name="editorial_policy"),
    path(
        "sitemap.xml",
        index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "readers:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-articles.xml", articles_page, name="sitemap_articles"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("reader-feedback/", inbox.inbox, name="inbox"),
]
