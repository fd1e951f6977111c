"""Who may manage API keys (granted by migration): admins create, revoke and read the log."""

from articles.roles import ADMINS, grant_app_permissions

API_PERMISSIONS = {
    ADMINS: [
        "view_apikey",
        "add_apikey",
        "change_apikey",
        "view_apicall",
        "view_ingestedarticle",
    ],
}


def sync_api_roles(apps, schema_editor=None) -> None:
    grant_app_permissions(apps, "api", API_PERMISSIONS)
