from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Medical Advisory Board review"

    def ready(self) -> None:
        """Register the review's in-transaction hooks (idempotent: keyed by name)."""
        from . import hooks

        hooks.register()
