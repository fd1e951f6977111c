"""The three editorial roles and what each may do with articles.

Groups are created by a data migration (``0002_editorial_roles``) from this table, and the
same function can be run again at any time: it only adds what is missing and removes
article permissions a role should not hold. Apps above this one grant their own
permissions to these groups in their own migrations.
"""

EDITORS = "Editors"
ADVISORY_BOARD = "Advisory Board"
ADMINS = "Admins"

ARTICLE_PERMISSIONS = {
    EDITORS: [
        "view_article",
        "add_article",
        "change_article",
        "submit_article",
        "withdraw_article",
        "revise_article",
        "revert_article",
        "view_historicalarticle",
        "view_statechange",
        "view_publishedversion",
        "view_topic",
    ],
    # Board members read the articles they were asked to review on the review pages
    # (/editorial/), which check the assignment. They get no admin view of articles: that
    # would show every unpublished article and its history to every member.
    ADVISORY_BOARD: [
        "start_review_article",
        "request_changes_article",
        "approve_article",
    ],
    # Admins can do everything with articles, except delete: nothing is ever deleted.
    ADMINS: [
        "view_article",
        "add_article",
        "change_article",
        "submit_article",
        "withdraw_article",
        "start_review_article",
        "request_changes_article",
        "approve_article",
        "revise_article",
        "archive_article",
        "restore_article",
        "revert_article",
        "view_historicalarticle",
        "view_statechange",
        "view_publishedversion",
        "view_topic",
        "add_topic",
        "change_topic",
    ],
}

# Admins also run users, roles and schedules through the admin.
ADMIN_EXTRA_PERMISSIONS = [
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_user"),
    ("auth", "view_group"),
    ("auth", "change_group"),
    ("django_celery_beat", "add_periodictask"),
    ("django_celery_beat", "change_periodictask"),
    ("django_celery_beat", "view_periodictask"),
    ("django_celery_beat", "add_crontabschedule"),
    ("django_celery_beat", "change_crontabschedule"),
    ("django_celery_beat", "view_crontabschedule"),
    ("django_celery_beat", "add_intervalschedule"),
    ("django_celery_beat", "change_intervalschedule"),
    ("django_celery_beat", "view_intervalschedule"),
]


def _create_permissions(apps, config) -> None:
    """Permissions normally appear only after ``migrate``; make them now (idempotent)."""
    from django.contrib.auth.management import create_permissions

    config.models_module = getattr(config, "models_module", None) or True
    create_permissions(config, apps=apps, verbosity=0)


def grant_app_permissions(apps, app_label: str, table: dict[str, list[str]]) -> None:
    """Give each group exactly ``table[group]`` of ``app_label``'s permissions; idempotent.

    Creates the app's permissions first (they normally appear only after ``migrate``),
    so it works inside a data migration with the historical ``apps``. A permission of the
    app that a group should not hold is removed: running it again repairs drift. Every
    app's role migration calls this with its own table.
    """
    _create_permissions(apps, apps.get_app_config(app_label))

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    ours = permission_model.objects.filter(content_type__app_label=app_label)
    # An early migration runs this with today's table but the models of its own time: a
    # model's standard permissions are skipped until the migration that creates the model.
    existing = {m._meta.model_name for m in apps.get_app_config(app_label).get_models()}

    def not_yet(codename: str) -> bool:
        action, _, model = codename.partition("_")
        return action in {"add", "change", "delete", "view"} and model not in existing

    for name, codenames in table.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = list(ours.filter(codename__in=codenames))
        missing = {c for c in set(codenames) - {p.codename for p in wanted} if not not_yet(c)}
        if missing:
            raise RuntimeError(f"Unknown {app_label} permissions for {name}: {sorted(missing)}")
        group.permissions.remove(*ours.exclude(codename__in=codenames))
        group.permissions.add(*wanted)


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and grant the table above; idempotent. ``apps`` may be historical."""
    grant_app_permissions(apps, "articles", ARTICLE_PERMISSIONS)
    for app_label in ("auth", "django_celery_beat"):
        try:
            _create_permissions(apps, apps.get_app_config(app_label))
        except LookupError:
            continue
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    admins = group_model.objects.get(name=ADMINS)
    for app_label, codename in ADMIN_EXTRA_PERMISSIONS:
        perm = permission_model.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm:
            admins.permissions.add(perm)
