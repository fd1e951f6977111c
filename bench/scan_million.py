"""The stale scan at 1,000,000 articles: the 100,000-article database of ``bench/scale.py``
copied, and its articles, their citations and their pending review assignments copied
nine more times inside it.

What the scan reads is then ten times the seeded site: a million articles in the same
states, 15 million citations of the same 200,000 references, ten times the overdue
reviews. (The other tables, which the scan does not read, stay as seeded.) The copies get
ids above the seeded ones (``id + k × 10,000,000``) and slugs ending ``-copy-k``.

Prints the first scan (every flag raised) and the daily scan (nothing changes), with the
number of statements. Building the database takes several minutes and is done once; it
is reused (``NAME_1000000``).

Usage: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/medreview_scale
.venv/bin/python bench/scan_million.py`` (after ``bench/scale.py`` has seeded
``NAME_100000``).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COPIES = 9
STEP = 10_000_000


def _create(base: str) -> str:
    import psycopg

    stem, name = base.rsplit("/", 1)
    source, target = f"{name}_100000", f"{name}_1000000"
    with psycopg.connect(f"{stem}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target])
        if not exists.fetchone():
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [source])
            if not found.fetchone():
                raise SystemExit(f"Seed {source} first (bench/scale.py --sizes 100000).")
            print(f"copying {source} to {target}", flush=True)
            conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    return f"{stem}/{target}"


def _columns(model, *, skip: tuple[str, ...]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


def _multiply() -> None:
    from django.db import connection

    from articles.models import Article
    from references.models import Citation
    from review.models import ReviewAssignment

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article WHERE id >= %s", [STEP])
        if cursor.fetchone()[0]:
            return
        started = time.perf_counter()
        article_cols = _columns(Article, skip=("id", "slug"))
        citation_cols = _columns(Citation, skip=("id", "article_id"))
        assignment_cols = _columns(ReviewAssignment, skip=("id", "article_id"))
        a, c, r = ", ".join(article_cols), ", ".join(citation_cols), ", ".join(assignment_cols)
        for k in range(1, COPIES + 1):
            cursor.execute(
                f"INSERT INTO articles_article (id, slug, {a}) "  # noqa: S608 - model columns
                f"SELECT id + %s, slug || '-copy-{k}', {a} FROM articles_article WHERE id < %s",
                [k * STEP, STEP],
            )
            cursor.execute(
                f"INSERT INTO references_citation (article_id, {c}) "  # noqa: S608
                f"SELECT article_id + %s, {c} FROM references_citation WHERE article_id < %s",
                [k * STEP, STEP],
            )
            cursor.execute(
                f"INSERT INTO review_reviewassignment (article_id, {r}) "  # noqa: S608
                f"SELECT article_id + %s, {r} FROM review_reviewassignment "
                "WHERE article_id < %s AND state = 'pending'",
                [k * STEP, STEP],
            )
            print(f"  copy {k} of {COPIES} ({time.perf_counter() - started:.0f} s)", flush=True)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), max(id)) "
            "FROM articles_article"
        )
        cursor.execute("DELETE FROM freshness_historicalstaleflag")
        cursor.execute("DELETE FROM freshness_staleflag")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  multiplied in {time.perf_counter() - started:.0f} s", flush=True)


def _scan(label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from freshness.scan import stale_scan

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = stale_scan()
        elapsed = time.perf_counter() - start
    print(f"{label:<14} {elapsed:7.2f} s  {len(captured):3d} statements  {result}", flush=True)


def main() -> None:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to PostgreSQL (the base name of bench/scale.py).")
    os.environ["DATABASE_URL"] = _create(base)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.scale_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    _multiply()
    from articles.models import Article

    print(f"{Article.objects.count():,} articles", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM freshness_historicalstaleflag")
        cursor.execute("DELETE FROM freshness_staleflag")
        cursor.execute("VACUUM ANALYZE freshness_staleflag")
    _scan("first scan")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE freshness_staleflag")
    for n in range(1, 4):
        _scan(f"daily scan {n}")


if __name__ == "__main__":
    main()
