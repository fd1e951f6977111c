from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The content API: published articles for apps and partners, drafts from upstream."""

    name = "api"
    verbose_name = "Content API"
    default_auto_field = "django.db.models.BigAutoField"
