"""What each editorial role may do in the review app.

The groups themselves belong to ``articles.roles``; this table adds the review permissions
to them, from a data migration (``0002_review_roles``) and again whenever
``sync_review_roles`` runs. Like ``articles.roles.sync_roles`` it is idempotent and repairs
drift: a review permission a role should not hold is removed.

Decisions:
- Editors and Admins assign reviewers (``assign_reviewer``) and open every article's review
  page (``view_all_reviews``). Board members open the pages of articles they were asked to
  review; they never assign, so a member cannot pick who judges alongside them.
- Board members record decisions through their assignment: being the assignee (plus the
  article permissions of the board role) is the permission, so there is no separate one.
- Everyone with an editorial role comments; editors and admins resolve any thread, anyone
  resolves their own.
- Admins manage board members, conflicts, quorum overrides and the outbox.
"""

from articles.roles import ADMINS, ADVISORY_BOARD, EDITORS

REVIEW_PERMISSIONS = {
    EDITORS: [
        "access_editorial",
        "assign_reviewer",
        "view_all_reviews",
        "view_boardmember",
        "view_reviewassignment",
        "add_reviewcomment",
        "view_reviewcomment",
        "resolve_any_reviewcomment",
        "view_reviewrequirement",
        "view_conflictofinterest",
        "view_reviewevent",
    ],
    ADVISORY_BOARD: [
        "access_editorial",
        "view_boardmember",
        "add_reviewcomment",
        "view_reviewcomment",
    ],
    ADMINS: [
        "access_editorial",
        "assign_reviewer",
        "view_all_reviews",
        "add_boardmember",
        "change_boardmember",
        "view_boardmember",
        "add_reviewassignment",
        "view_reviewassignment",
        "add_reviewcomment",
        "view_reviewcomment",
        "resolve_any_reviewcomment",
        "add_reviewrequirement",
        "change_reviewrequirement",
        "view_reviewrequirement",
        "add_conflictofinterest",
        "view_conflictofinterest",
        "view_reviewevent",
        "view_notification",
        "change_notification",
    ],
}


def sync_review_roles(apps, schema_editor=None) -> None:
    """Grant the table above to the editorial groups; idempotent. ``apps`` may be historical."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("review")
    config.models_module = getattr(config, "models_module", None) or True
    create_permissions(config, apps=apps, verbosity=0)

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    review_perms = permission_model.objects.filter(content_type__app_label="review")
    for name, codenames in REVIEW_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = list(review_perms.filter(codename__in=codenames))
        missing = set(codenames) - {p.codename for p in wanted}
        if missing:
            raise RuntimeError(f"Unknown review permissions for {name}: {sorted(missing)}")
        group.permissions.remove(*review_perms.exclude(codename__in=codenames))
        group.permissions.add(*wanted)
