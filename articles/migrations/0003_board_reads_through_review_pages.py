"""Board members no longer get admin views of articles (see articles/roles.py)."""

from django.db import migrations

from articles.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_editorial_roles")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
