from django.apps import AppConfig


class ReadersConfig(AppConfig):
    """The public site: article, board and policy pages, reader feedback and questions."""

    name = "readers"
    verbose_name = "Public site"

    def ready(self) -> None:
        from review.preview import register_preview_renderer

        from . import signals, views

        signals.connect()
        # The editorial workspace previews any version in this layout.
        register_preview_renderer(views.render_staff_preview)
