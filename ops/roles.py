"""Who may read the operational metrics at ``/metrics`` when signed in (granted by migration)."""

from articles.roles import ADMINS, grant_app_permissions

OPS_PERMISSIONS = {ADMINS: ["view_metrics"]}


def sync_ops_roles(apps, schema_editor=None) -> None:
    grant_app_permissions(apps, "ops", OPS_PERMISSIONS)
