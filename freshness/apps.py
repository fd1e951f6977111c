from django.apps import AppConfig


class FreshnessConfig(AppConfig):
    """Stale-content flags; takes part in articles and reviews through ``extensions``."""

    name = "freshness"
    verbose_name = "Stale content"
