"""Stored full-text search of the published versions, and the indexes of the large lists.

On PostgreSQL a trigger fills ``search_vector`` when a version is inserted (title A, both
summaries B, both bodies C, English configuration), existing rows are filled here, and a
GIN index serves the public search. SQLite keeps the column empty: its search matches
words (``readers.selectors.home``).
"""

import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations, models

VECTOR = """
    setweight(to_tsvector('english', coalesce({row}title, '')), 'A')
    || setweight(to_tsvector('english', coalesce({row}summary, '') || ' '
                 || coalesce({row}alt_summary, '')), 'B')
    || setweight(to_tsvector('english', coalesce({row}body, '') || ' '
                 || coalesce({row}alt_body, '')), 'C')
"""

FORWARD = [
    f"""CREATE OR REPLACE FUNCTION articles_publishedversion_search() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := {VECTOR.format(row="NEW.")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER articles_publishedversion_search
    BEFORE INSERT OR UPDATE OF title, summary, body, alt_summary, alt_body
    ON articles_publishedversion
    FOR EACH ROW EXECUTE FUNCTION articles_publishedversion_search()""",
    f"UPDATE articles_publishedversion SET search_vector = {VECTOR.format(row='')}",  # noqa: S608
    "CREATE INDEX pubversion_search ON articles_publishedversion USING gin (search_vector)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS pubversion_search",
    "DROP TRIGGER IF EXISTS articles_publishedversion_search ON articles_publishedversion",
    "DROP FUNCTION IF EXISTS articles_publishedversion_search()",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_publishing_schedule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedversion",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-content_updated_at", "-id"], name="article_updated"),
        ),
        migrations.AddIndex(
            model_name="publishedversion",
            index=models.Index(fields=["article", "-approved_at", "-id"], name="pubversion_newest"),
        ),
        migrations.RunPython(forward, backward),
    ]
