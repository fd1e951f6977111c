"""Grant the freshness permissions to the editorial groups (see ``freshness.roles``)."""

from django.db import migrations

from freshness.roles import sync_freshness_roles


class Migration(migrations.Migration):
    dependencies = [
        ("freshness", "0001_stale_flags"),
        ("articles", "0002_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_freshness_roles, migrations.RunPython.noop)]
