from django.apps import AppConfig

CITE_HELPER_TEMPLATE = "references/admin/cite_helper.html"


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = "Reference library"

    def ready(self) -> None:
        """Plug the library into the article workflow (idempotent: safe to run twice)."""
        from articles import checks, hooks, rendering
        from articles.admin import ArticleAdmin

        from . import checks as reference_checks
        from . import selectors
        from .services.citations import sync_after_edit

        checks.register_submit_check(
            "references.citation_keys", reference_checks.unknown_citation_keys
        )
        checks.register_submit_check(
            "references.malformed_markers", reference_checks.malformed_citation_markers
        )
        checks.register_submit_warning("references.uncited", reference_checks.uncited_references)
        rendering.register_preview_builder(selectors.article_preview_data)
        # In the article service's transaction: the citation list is never stale, and an
        # approval's content hash covers the exact sources cited.
        hooks.register_after_edit("references.citations", sync_after_edit)
        hooks.register_substance("references.cited", selectors.cited_reference_identities)
        if CITE_HELPER_TEMPLATE not in ArticleAdmin.editor_tool_templates:
            ArticleAdmin.editor_tool_templates.append(CITE_HELPER_TEMPLATE)
