"""What each editorial role may do with the reference library.

Granted by the data migration ``0002_reference_roles`` (idempotent, like
``articles.roles.sync_roles``; the groups themselves come from ``articles``).

Decisions: citations are derived from article bodies, so nobody adds, changes or deletes
them by hand (attaching a reference to an article is an article edit and needs
``articles.change_article``). Admins may delete a reference, but only through
``references.services.reference_delete``, which refuses while any article cites it: what
can be deleted is an unused entry (a mistaken import), and its history is kept.
"""

EDITORS = "Editors"
ADVISORY_BOARD = "Advisory Board"
ADMINS = "Admins"

REFERENCE_PERMISSIONS = {
    EDITORS: [
        "view_reference",
        "add_reference",
        "change_reference",
        "view_historicalreference",
        "view_citation",
    ],
    ADVISORY_BOARD: ["view_reference", "view_citation"],
    ADMINS: [
        "view_reference",
        "add_reference",
        "change_reference",
        "delete_reference",
        "view_historicalreference",
        "view_citation",
    ],
}


def sync_reference_roles(apps, schema_editor=None) -> None:
    """Grant the table above to the editorial groups; only this app's permissions."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("references")
    config.models_module = getattr(config, "models_module", None) or True
    create_permissions(config, apps=apps, verbosity=0)

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    ours = permission_model.objects.filter(content_type__app_label="references")
    for name, codenames in REFERENCE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = list(ours.filter(codename__in=codenames))
        missing = set(codenames) - {p.codename for p in wanted}
        if missing:
            raise RuntimeError(f"Unknown reference permissions for {name}: {sorted(missing)}")
        group.permissions.remove(*ours.exclude(codename__in=codenames))
        group.permissions.add(*wanted)
