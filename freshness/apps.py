from django.apps import AppConfig


class FreshnessConfig(AppConfig):
    """Stale-content flags; takes part in articles and reviews through ``extensions``."""

    name = "freshness"
    verbose_name = "Stale content"

    def ready(self) -> None:
        from review.demo_signals import demo_loaded

        from .demo import raise_demo_flags

        demo_loaded.connect(raise_demo_flags, dispatch_uid="freshness.raise_demo_flags")
