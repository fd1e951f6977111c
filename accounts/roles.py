"""What the Admins group may do with access records and devices (granted after migrate).

Group names are written out here: this app sits below ``articles`` and imports nothing of it.
"""

ADMINS = "Admins"

ACCESS_PERMISSIONS = {
    ADMINS: [
        ("accounts", "view_accessevent"),
        ("accounts", "reset_devices"),
        # Lockouts: see them, and clear one by deleting it.
        ("axes", "view_accessattempt"),
        ("axes", "delete_accessattempt"),
        ("axes", "view_accessfailurelog"),
        ("accounts", "view_staffaccount"),
    ],
}


def sync_accounts_roles(apps, schema_editor=None) -> None:
    """Grant the table above; idempotent. ``apps`` may be historical."""
    from django.contrib.auth.management import create_permissions

    labels = {label for grants in ACCESS_PERMISSIONS.values() for label, _ in grants}
    for label in labels:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        config.models_module = getattr(config, "models_module", None) or True
        create_permissions(config, apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, grants in ACCESS_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        for label, codename in grants:
            perm = permission_model.objects.filter(
                content_type__app_label=label, codename=codename
            ).first()
            if perm is not None:
                group.permissions.add(perm)


def grant_after_migrate(sender, apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps

    sync_accounts_roles(apps or global_apps)
