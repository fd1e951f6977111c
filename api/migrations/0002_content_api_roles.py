"""Admins manage API keys and read the log of their calls."""

from django.db import migrations

from api.roles import sync_api_roles


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_content_api_keys"),
        ("articles", "0002_editorial_roles"),
    ]

    operations = [migrations.RunPython(sync_api_roles, migrations.RunPython.noop)]
