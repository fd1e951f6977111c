from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    """The reference library; takes part in articles through ``extensions``."""

    name = "references"
    verbose_name = "Reference library"
