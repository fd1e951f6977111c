"""The staff's article search: stored full-text vectors of the working text.

On PostgreSQL two triggers keep ``articles_articlesearch`` current (a row per article,
written when an article is inserted, or updated with a different title, summary or body
for either audience), existing articles are filled here, and a GIN index serves the
admin's search. The trigram index over titles, slugs, summaries and bodies is replaced by
one over titles and slugs only: the admin matches any part of those, and whole words of
the text through the vector, without reading every body. SQLite has neither and matches
the text itself.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

VECTOR = (
    "to_tsvector('english', concat_ws(' ', {row}title, {row}summary, {row}alt_summary, "
    "{row}body, {row}alt_body))"
)
CHANGED = " OR ".join(
    f"OLD.{c} IS DISTINCT FROM NEW.{c}"
    for c in ("title", "summary", "alt_summary", "body", "alt_body")
)

FORWARD = [
    f"""CREATE OR REPLACE FUNCTION articles_article_search() RETURNS trigger AS $$
    BEGIN
        INSERT INTO articles_articlesearch (article_id, vector)
        VALUES (NEW.id, {VECTOR.format(row="NEW.")})
        ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql""",  # noqa: S608 - column names only
    """CREATE TRIGGER articles_article_search_insert AFTER INSERT ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search()""",
    f"""CREATE TRIGGER articles_article_search_update
    AFTER UPDATE OF title, summary, alt_summary, body, alt_body ON articles_article
    FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION articles_article_search()""",
    f"INSERT INTO articles_articlesearch (article_id, vector) "  # noqa: S608
    f"SELECT id, {VECTOR.format(row='')} FROM articles_article",
    "CREATE INDEX article_search_words ON articles_articlesearch USING gin (vector)",
    "DROP INDEX IF EXISTS article_search_trgm",
    "CREATE INDEX article_name_trgm ON articles_article USING gin "
    "(UPPER(title::text) gin_trgm_ops, UPPER(slug::text) gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS article_name_trgm",
    "CREATE INDEX IF NOT EXISTS article_search_trgm ON articles_article USING gin "
    "(UPPER(title::text) gin_trgm_ops, UPPER(slug::text) gin_trgm_ops, "
    "UPPER(summary::text) gin_trgm_ops, UPPER(body::text) gin_trgm_ops)",
    "DROP TRIGGER IF EXISTS articles_article_search_update ON articles_article",
    "DROP TRIGGER IF EXISTS articles_article_search_insert ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search()",
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
        ("articles", "0017_in_review_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleSearch",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "verbose_name": "article search text",
            },
        ),
        migrations.RunPython(forward, backward),
    ]
