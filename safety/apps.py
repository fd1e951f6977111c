from django.apps import AppConfig

CLAIMS_PANEL_TEMPLATE = "safety/admin/claims_panel.html"


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = "Clinical safety checks"

    def ready(self) -> None:
        """Plug the checks into the article workflow and the review (idempotent: keyed)."""
        from articles import checks
        from articles.admin import ArticleAdmin
        from review.requirements import register_requirement_provider

        from . import admin as safety_admin
        from . import checks as safety_checks
        from .routing import policy_requirements

        # Refused or warned according to the article's review policy (each returns nothing
        # when the other applies); the workspace shows both at save.
        checks.register_submit_check("safety.uncited_claims", safety_checks.uncited_claims_refused)
        checks.register_submit_warning("safety.uncited_claims", safety_checks.uncited_claims_warned)
        register_requirement_provider("safety.review_policies", policy_requirements)
        if CLAIMS_PANEL_TEMPLATE not in ArticleAdmin.panel_templates:
            ArticleAdmin.panel_templates.append(CLAIMS_PANEL_TEMPLATE)
        if safety_admin.claim_coverage not in ArticleAdmin.list_display:
            ArticleAdmin.list_display = [*ArticleAdmin.list_display, safety_admin.claim_coverage]
