from django.urls import path

from . import views

app_name = "coediting"

urlpatterns = [
    path("<int:article_id>/heartbeat/", views.heartbeat, name="heartbeat"),
    path("<int:article_id>/leave/", views.leave, name="leave"),
]
