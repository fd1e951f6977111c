from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("two-step/", views.verify, name="verify"),
    path("two-step/set-up/", views.enrol, name="enrol"),
    path("two-step/backup-codes/", views.backup_codes, name="backup_codes"),
]
