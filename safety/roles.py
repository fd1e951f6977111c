"""Who may do what with review policies (granted by ``safety/migrations/0002_safety_roles``)."""

from __future__ import annotations

from articles.roles import ADMINS, ADVISORY_BOARD, EDITORS, grant_app_permissions

SAFETY_PERMISSIONS = {
    # Editors see the rules their articles are held to, and who overrode what.
    EDITORS: ["view_reviewpolicy", "view_articleclaimpolicy"],
    ADVISORY_BOARD: [],
    # Admins write the rules and the per-article overrides (never delete: switch off).
    ADMINS: [
        "view_reviewpolicy",
        "add_reviewpolicy",
        "change_reviewpolicy",
        "view_articleclaimpolicy",
        "add_articleclaimpolicy",
        "change_articleclaimpolicy",
    ],
}


def sync_safety_roles(apps, schema_editor=None) -> None:
    grant_app_permissions(apps, "safety", SAFETY_PERMISSIONS)
