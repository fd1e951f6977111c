from django.urls import path

import articles.ids  # noqa: F401 - registers the <id:...> converter

from . import link_views, preference_views, views

app_name = "review"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("home/", views.home, name="home"),
    path("my-reviews/", views.my_reviews, name="my_reviews"),
    path("my-articles/", views.my_articles, name="my_articles"),
    path("articles/<id:pk>/preview/", views.preview, name="preview"),
    path("articles/<id:pk>/", views.article_review, name="article"),
    path("articles/<id:pk>/assign/", views.assign, name="assign"),
    path("articles/<id:pk>/comments/", views.comment, name="comment"),
    path("articles/<id:pk>/versions/", views.versions, name="versions"),
    path("articles/<id:pk>/diff/", views.diff, name="diff"),
    path("assignments/<id:pk>/decide/", views.decide, name="decide"),
    path("assignments/<id:pk>/decline/", views.decline, name="decline"),
    path("assignments/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("comments/<id:pk>/resolve/", views.resolve_comment, name="resolve_comment"),
    path("comments/<id:pk>/reopen/", views.reopen_comment, name="reopen_comment"),
    path(
        "notifications/",
        preference_views.notification_preferences,
        name="notification_preferences",
    ),
    path("links/<str:token>/", link_views.review_link, name="link"),
    path("unsubscribe/<str:token>/", preference_views.unsubscribe, name="unsubscribe"),
]
