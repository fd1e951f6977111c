"""Grant the reference library's permissions to the editorial roles (idempotent)."""

from django.db import migrations

from references.roles import sync_reference_roles


class Migration(migrations.Migration):
    dependencies = [
        ("references", "0001_reference_library"),
        ("articles", "0002_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_reference_roles, migrations.RunPython.noop)]
