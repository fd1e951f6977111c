from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Staff accounts and access"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals
        from .roles import grant_after_migrate

        signals.connect()
        # django-axes' lockouts, under a name admins recognise in the admin's index.
        from django.apps import apps

        apps.get_app_config("axes").verbose_name = "Sign-in lockouts"
        # After migrate (not in a data migration): the permissions of django-axes and of
        # this app exist by then, and content types keep the order Django gives them.
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="accounts.roles")
