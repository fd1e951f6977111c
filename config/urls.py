from django.contrib import admin
from django.urls import include, path

from .views import healthz

admin.site.site_header = "Medical editorial review"
admin.site.site_title = "Editorial admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("healthz", healthz, name="healthz"),
    path("references/", include("references.urls")),
    path("editorial/attention/", include("freshness.urls")),
    path("editorial/", include("review.urls")),
    path("", include("readers.urls")),
]
