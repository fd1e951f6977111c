"""Let Admins see the access audit trail and lockouts, and reset devices (``accounts.roles``)."""

from django.db import migrations

from accounts.roles import sync_accounts_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_accounts_roles, migrations.RunPython.noop)]
