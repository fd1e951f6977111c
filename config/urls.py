from django.contrib import admin
from django.urls import include, path

from ops import views as ops_views

admin.site.site_header = "Medical editorial review"
admin.site.site_title = "Editorial admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Answered first by ops.middleware (any Host header); routed here too so they reverse.
    path("healthz", ops_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics_view, name="metrics"),
    path("api/", include("api.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("review.password_reset")),
    path("references/", include("references.urls")),
    path("editorial/attention/", include("freshness.urls")),
    path("editorial/presence/", include("coediting.urls")),
    path("editorial/", include("review.urls")),
    path("", include("readers.urls")),
]

# A database outage becomes a "temporarily unavailable" page (503), any other error a 500.
handler500 = "ops.views.server_error"
