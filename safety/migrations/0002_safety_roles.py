"""Grant the safety permissions to the editorial groups (see ``safety.roles``)."""

from django.db import migrations

from safety.roles import sync_safety_roles


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0001_safety_review_policies"),
        ("articles", "0002_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_safety_roles, migrations.RunPython.noop)]
