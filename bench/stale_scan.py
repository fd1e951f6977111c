"""Stale-content scan at 1,000 / 10,000 / 100,000 articles: time and query count.

Seeds (bulk inserts) articles that each cite two references; half of them are due flags
(they cite a retracted reference and an old guideline, and their board review is overdue:
three flags each), the other half are fresh. For each size it prints the first scan (raises
every flag), a second one (steady state: every rule evaluated, nothing changes) and one
after the retraction is withdrawn (resolves a third of the flags), with the number of SQL
statements, which must not depend on N.

Usage: ``.venv/bin/python bench/stale_scan.py [--sizes 1000 10000 100000]`` against a
throwaway SQLite file, or with ``DATABASE_URL=postgres://…`` (a database you can afford to
fill; it is emptied of articles first).
"""

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run_all import setup_django  # noqa: E402


def wipe() -> None:
    from django.db import connection

    tables = [
        "freshness_historicalstaleflag",
        "freshness_staleflag",
        "references_citation",
        "articles_article",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names


def seed(start: int, stop: int, refs: dict, author_id: int) -> None:
    from django.utils import timezone

    from articles.models import Article
    from references.models import Citation

    today = timezone.localdate()
    batch = 5000
    for lo in range(start, stop, batch):
        hi = min(stop, lo + batch)
        articles = [
            Article(
                title=f"Question {i}?",
                slug=f"bench-question-{i}",
                body=f"Body {i}.",
                author_id=author_id,
                status="approved",
                next_review_due=today - timedelta(days=5) if i % 2 else today + timedelta(days=400),
            )
            for i in range(lo, hi)
        ]
        Article.objects.bulk_create(articles, batch_size=batch)
        ids = dict(
            Article.objects.filter(slug__in=[a.slug for a in articles]).values_list("slug", "pk")
        )
        citations = []
        for i in range(lo, hi):
            pk = ids[f"bench-question-{i}"]
            pair = ("retracted", "guideline") if i % 2 else ("clean1", "clean2")
            citations += [
                Citation(article_id=pk, reference_id=refs[pair[0]].pk, number=1),
                Citation(article_id=pk, reference_id=refs[pair[1]].pk, number=2),
            ]
        Citation.objects.bulk_create(citations, batch_size=batch)


def measure(label: str, verbose: bool = False) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from freshness.scan import stale_scan

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = stale_scan()
        elapsed = time.perf_counter() - start
    print(
        f"{connection.vendor:<10} {label:<28} {elapsed * 1000:9.0f} ms "
        f"{len(captured):4d} queries  raised {result.total_raised:7d}  "
        f"resolved {result.total_resolved:6d}",
        flush=True,
    )
    if verbose:
        for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:5]:
            print(f"    {float(q['time']) * 1000:7.0f} ms  {q['sql'][:110]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--slowest", action="store_true", help="print the slowest statements")
    args = parser.parse_args()
    setup_django()

    from django.contrib.auth.models import User

    from references.models import Reference

    wipe()
    author, _ = User.objects.get_or_create(username="bench-author")
    specs = {
        "retracted": {"retracted": True, "kind": "research", "year": 2001},
        "guideline": {"kind": "guideline", "year": 2012},
        "clean1": {"kind": "research", "year": 2020},
        "clean2": {"kind": "research", "year": 2022},
    }
    refs = {}
    for key, fields in specs.items():
        refs[key], _ = Reference.objects.update_or_create(
            key=f"bench-{key}", defaults={"title": f"Bench {key}", **fields}
        )
    seeded = 0
    for n in sorted(args.sizes):
        seed(seeded, n, refs, author.pk)
        seeded = n
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM freshness_historicalstaleflag")
            cursor.execute("DELETE FROM freshness_staleflag")
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        measure(f"N={n:>7,} first scan", args.slowest)
        measure(f"N={n:>7,} second scan", args.slowest)
        # the cause goes away for a third of the flags: the retraction is withdrawn
        Reference.objects.filter(pk=refs["retracted"].pk).update(retracted=False)
        measure(f"N={n:>7,} resolve scan", args.slowest)
        Reference.objects.filter(pk=refs["retracted"].pk).update(retracted=True)
    wipe()


if __name__ == "__main__":
    main()
