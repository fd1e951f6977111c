from django.apps import AppConfig

CITE_HELPER_TEMPLATE = "references/admin/cite_helper.html"


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = "Reference library"

    def ready(self) -> None:
        """Plug the library into the article workflow (idempotent: safe to run twice)."""
        from articles import checks, rendering, signals
        from articles.admin import ArticleAdmin

        from . import checks as reference_checks
        from . import receivers, selectors

        checks.register_submit_check(
            "references.citation_keys", reference_checks.unknown_citation_keys
        )
        checks.register_submit_warning("references.uncited", reference_checks.uncited_references)
        rendering.register_preview_builder(selectors.article_preview_data)
        signals.article_edited.connect(
            receivers.sync_after_edit, dispatch_uid="references.sync_citations_after_edit"
        )
        if CITE_HELPER_TEMPLATE not in ArticleAdmin.editor_tool_templates:
            ArticleAdmin.editor_tool_templates.append(CITE_HELPER_TEMPLATE)
