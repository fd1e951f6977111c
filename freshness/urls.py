from django.urls import path

import articles.ids  # noqa: F401 - registers the <id:...> converter

from . import views

app_name = "freshness"
urlpatterns = [
    path("", views.attention, name="attention"),
    path("flags/<id:pk>/dismiss/", views.dismiss, name="dismiss"),
]
