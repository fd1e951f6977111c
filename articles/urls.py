from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path(
        "editorial-policy/",
        TemplateView.as_view(template_name="articles/editorial_policy.html"),
        name="editorial_policy",
    ),
]
