from django.apps import AppConfig


class ReadersConfig(AppConfig):
    """The public site: article, board and policy pages, reader feedback and questions."""

    name = "readers"
    verbose_name = "Public site"

    def ready(self) -> None:
        # After-commit fan-out only: drop cached pages when what they show changes.
        from . import signals

        signals.connect()
