from django.urls import path

from . import views

app_name = "freshness"
urlpatterns = [
    path("", views.attention, name="attention"),
    path("flags/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
