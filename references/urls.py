from django.urls import path

from . import views

app_name = "references"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("lookup/", views.lookup, name="lookup"),
    path("articles/<slug:slug>/references.ris", views.export_article_ris, name="export_ris"),
    path(
        "articles/<slug:slug>/references.json",
        views.export_article_csl_json,
        name="export_csl_json",
    ),
]
