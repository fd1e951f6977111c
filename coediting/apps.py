from django.apps import AppConfig


class CoeditingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coediting"
    verbose_name = "Editing side by side"
