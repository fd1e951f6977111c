from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Medical Advisory Board review"

    def ready(self) -> None:
        from articles import signals as article_signals

        from . import receivers

        article_signals.article_edited.connect(
            receivers.on_article_edited, dispatch_uid="review.on_article_edited"
        )
        article_signals.article_transitioned.connect(
            receivers.on_article_transitioned, dispatch_uid="review.on_article_transitioned"
        )
