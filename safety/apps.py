from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Clinical safety checks; take part in articles and reviews through ``extensions``."""

    name = "safety"
    verbose_name = "Clinical safety checks"
