"""What each editorial role may do with stale-content flags (granted by a data migration)."""

from articles.roles import ADMINS, EDITORS, grant_app_permissions

FRESHNESS_PERMISSIONS = {
    EDITORS: [
        "view_staleflag",
        "change_staleflag",
        "view_historicalstaleflag",
        "view_retractionoverride",
        "add_retractionoverride",
        "change_retractionoverride",
    ],
    ADMINS: [
        "view_staleflag",
        "change_staleflag",
        "view_historicalstaleflag",
        "view_retractionoverride",
        "add_retractionoverride",
        "change_retractionoverride",
        "view_historicalretractionoverride",
    ],
}


def sync_freshness_roles(apps, schema_editor=None) -> None:
    grant_app_permissions(apps, "freshness", FRESHNESS_PERMISSIONS)
