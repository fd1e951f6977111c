from django.urls import path

from . import preference_views, views

app_name = "review"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("home/", views.home, name="home"),
    path("my-reviews/", views.my_reviews, name="my_reviews"),
    path("my-articles/", views.my_articles, name="my_articles"),
    path("articles/<int:pk>/preview/", views.preview, name="preview"),
    path("articles/<int:pk>/", views.article_review, name="article"),
    path("articles/<int:pk>/assign/", views.assign, name="assign"),
    path("articles/<int:pk>/comments/", views.comment, name="comment"),
    path("articles/<int:pk>/versions/", views.versions, name="versions"),
    path("articles/<int:pk>/diff/", views.diff, name="diff"),
    path("assignments/<int:pk>/decide/", views.decide, name="decide"),
    path("assignments/<int:pk>/decline/", views.decline, name="decline"),
    path("assignments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("comments/<int:pk>/resolve/", views.resolve_comment, name="resolve_comment"),
    path("comments/<int:pk>/reopen/", views.reopen_comment, name="reopen_comment"),
    path(
        "notifications/",
        preference_views.notification_preferences,
        name="notification_preferences",
    ),
    path("unsubscribe/<str:token>/", preference_views.unsubscribe, name="unsubscribe"),
]
