from django.urls import path

from . import views

app_name = "coediting"

urlpatterns = [
    path("<int:article_id>/heartbeat/", views.heartbeat, name="heartbeat"),
    path("<int:article_id>/leave/", views.leave, name="leave"),
    path("<int:article_id>/autosave/", views.autosave, name="autosave"),
    path("<int:article_id>/autosave/discard/", views.discard, name="discard"),
]
