from django.apps import AppConfig

FLAGS_TEMPLATE = "freshness/admin/article_flags.html"


class FreshnessConfig(AppConfig):
    name = "freshness"
    verbose_name = "Stale content"

    def ready(self) -> None:
        """Plug the retraction rule into submit/approve and the flags into the review page."""
        from articles.admin import ArticleAdmin

        from . import hooks

        hooks.register()
        if FLAGS_TEMPLATE not in ArticleAdmin.panel_templates:
            ArticleAdmin.panel_templates.append(FLAGS_TEMPLATE)
