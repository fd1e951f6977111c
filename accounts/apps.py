from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff accounts and access"

    def ready(self):
        from . import signals

        signals.connect()
