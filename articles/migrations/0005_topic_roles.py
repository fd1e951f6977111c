"""Editors may read topics; Admins manage them (see articles/roles.py)."""

from django.db import migrations

from articles.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_article_topics")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
