"""Every staff and public page, search and the scans at 1,000 and at 100,000 articles.

For each size (``--sizes``, default 1000 100000) it uses its own database: with
``DATABASE_URL=postgres://…/NAME`` the database ``NAME_<size>`` (created when missing),
otherwise a SQLite file per size in the temp directory. A database is seeded once
(``bench/scale_seed.py``: service-made templates copied in bulk, checked field for field
against the same articles made through the services) and reused by later runs; an
interrupted seeding resumes. Then every page is requested through Django's WSGI handler
(the test client), signed in as the role that uses it, uncached, and the scans run.

Prints, per page: p50 and p95 server time and the number of SQL queries, per size, and
the ratio of the largest size's p50 to the smallest's. Asserts nothing.

Usage: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/medreview_scale
.venv/bin/python bench/scale.py [--sizes 1000 100000] [--repeat 15] [--seed-only]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def database_url(base: str | None, size: int) -> str:
    if base and base.startswith("postgres"):
        stem, name = base.rsplit("/", 1)
        name = f"{name}_{size}"
        import psycopg

        with psycopg.connect(f"{stem}/postgres", autocommit=True) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not found:
                conn.execute(f'CREATE DATABASE "{name}"')
        return f"{stem}/{name}"
    return f"sqlite:///{Path(tempfile.gettempdir()) / f'medreview-scale-{size}.sqlite3'}"


def seed(size: int) -> None:
    import scale_content as content
    import scale_seed

    started = time.perf_counter()
    who = content.people()
    refs = scale_seed.References(who)
    n_refs = 2 * size
    refs.seed(n_refs)
    articles = scale_seed.Articles(who, refs, n_refs)
    articles.check()
    articles.seed(size)
    content.long_history_article(who)
    scale_seed.feedback(size // 10)
    retracted = scale_seed.retract()
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"  seeded in {time.perf_counter() - started:.0f} s ({retracted} references retracted)",
        flush=True,
    )


def run_size(size: int, repeat: int, seed_only: bool = False) -> dict:
    """Seed (or reuse) the database for ``size`` and measure every page: {label: figures}."""
    os.environ["DATABASE_URL"] = database_url(os.environ.get("SCALE_BASE_URL"), size)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.scale_settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"{size:,} articles ({os.environ['DATABASE_URL'].split('://')[0]})", flush=True)
    seed(size)
    if seed_only:
        return {}
    import scale_pages

    return scale_pages.measure_all(repeat=repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed-only", action="store_true", help="seed, measure nothing")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a size, in a child
    args = parser.parse_args()
    if "SCALE_BASE_URL" not in os.environ and "DATABASE_URL" in os.environ:
        os.environ["SCALE_BASE_URL"] = os.environ["DATABASE_URL"]
    if args.one:
        import json

        figures = run_size(args.one, args.repeat, args.seed_only)
        Path(os.environ["SCALE_OUT"]).write_text(json.dumps(figures))
        return
    import json
    import subprocess

    results = {}
    for size in args.sizes:  # one process per size: Django binds to one database
        out = Path(tempfile.mkstemp(suffix=".json")[1])
        env = {**os.environ, "SCALE_OUT": str(out)}
        subprocess.run(  # noqa: S603 - this script, with its own arguments
            [
                sys.executable,
                __file__,
                "--one",
                str(size),
                "--repeat",
                str(args.repeat),
                *(["--seed-only"] if args.seed_only else []),
            ],
            env=env,
            check=True,
        )
        results[size] = json.loads(out.read_text())
    if args.seed_only:
        return
    import scale_pages

    scale_pages.print_table(results)


if __name__ == "__main__":
    main()
