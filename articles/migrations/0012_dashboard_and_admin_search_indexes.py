"""Indexes of the dashboard's lists, and a trigram index for the admin's article search.

The admin searches with ``UPPER(column) LIKE UPPER('%word%')``; on PostgreSQL a trigram
GIN index over the same expressions (``pg_trgm``, a trusted extension a database owner
may create) answers it without reading every article (``references`` adds one for references). SQLite has neither
and reads the rows, as before.
"""

from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TRIGRAM = {
    "article_search_trgm": ("articles_article", ["title", "slug", "summary", "body"]),
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, columns) in TRIGRAM.items():
        expressions = ", ".join(f"UPPER({c}::text) gin_trgm_ops" for c in columns)
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin ({expressions})")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_public_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("expires_at__isnull", False)),
                fields=["expires_at"],
                name="article_expiring",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("alt_body", "")), fields=["title"], name="article_one_audience"
            ),
        ),
        migrations.AddIndex(
            model_name="publishedversion",
            index=models.Index(
                condition=models.Q(("release_at__isnull", False)),
                fields=["release_at"],
                name="pubversion_embargoed",
            ),
        ),
        TrigramExtension(),
        migrations.RunPython(forward, backward),
    ]
