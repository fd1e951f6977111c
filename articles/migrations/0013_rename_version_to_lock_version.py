from django.db import migrations


class Migration(migrations.Migration):
    """``version`` was the optimistic lock counter, easily confused with ``text_version``
    (the "v5" people see); the history never recorded it."""

    dependencies = [("articles", "0012_dashboard_and_admin_search_indexes")]

    operations = [
        migrations.RenameField(model_name="article", old_name="version", new_name="lock_version"),
    ]
