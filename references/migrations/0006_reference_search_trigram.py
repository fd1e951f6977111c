"""A trigram index for the admin's reference search (PostgreSQL; see articles 0012)."""

from django.db import migrations

COLUMNS = ["key", "title", "authors_text", "doi", "pmid"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    expressions = ", ".join(f"UPPER({c}::text) gin_trgm_ops" for c in COLUMNS)
    schema_editor.execute(
        f"CREATE INDEX reference_search_trgm ON references_reference USING gin ({expressions})"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS reference_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("references", "0005_background_reference_imports"),
        ("articles", "0012_dashboard_and_admin_search_indexes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
