from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """The Medical Advisory Board; follows articles through ``extensions``."""

    name = "review"
    verbose_name = "Medical Advisory Board review"

    def ready(self) -> None:
        from . import extensions  # noqa: F401 - registers the system checks
