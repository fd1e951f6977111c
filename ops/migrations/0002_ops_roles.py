"""Admins may read the operational metrics at /metrics when signed in."""

from django.db import migrations

from ops.roles import sync_ops_roles


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0001_task_runs_and_metrics_permission"),
        ("articles", "0002_editorial_roles"),
    ]

    operations = [migrations.RunPython(sync_ops_roles, migrations.RunPython.noop)]
