"""Benchmarks: print figures, assert nothing.

Runs against a throwaway SQLite file by default, or whatever DATABASE_URL points at
(use a database you can afford to fill). Usage: ``make bench`` or
``.venv/bin/python bench/run_all.py [--articles N]``.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(label: str, fn, repeat: int = 1) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    durations, queries = [], 0
    for _ in range(repeat):
        reset_queries()  # the query log holds 9000 entries; start each run empty
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            durations.append(time.perf_counter() - start)
        queries = len(captured)
    median = statistics.median(durations) * 1000
    print(f"{label:<55} {median:9.2f} ms  {queries:5d} queries (median of {repeat})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    setup_django()

    from django.contrib.auth.models import Group, User
    from django.test import Client

    from articles import services

    def user(name, group):
        u = User.objects.create_user(name, f"{name}@example.org", "pw", is_staff=True)
        u.groups.add(Group.objects.get(name=group))
        return u

    editor, member = user("bench-editor", "Editors"), user("bench-member", "Advisory Board")
    body = "## From the Research\n\n" + ("A sentence of evidence. " * 40 + "\n\n") * 10

    articles = []

    def create_one():
        articles.append(
            services.article_create(actor=editor, title=f"Question {len(articles)}?", body=body)
        )

    print(f"database: {os.environ['DATABASE_URL'].split('://')[0]}, articles: {args.articles}")
    timed("article_create", create_one, repeat=args.articles)

    from review import services as review_services

    admin = User.objects.create_superuser("bench-admin", "admin@example.org", "pw")
    board = review_services.board_member_create(actor=admin, user=member, credentials="MD")

    def full_cycle():
        a = articles.pop()
        a = services.article_submit(article=a, actor=editor)
        assignment = review_services.review_assign(article=a, reviewer=board, actor=admin)
        review_services.review_decide(
            assignment=assignment,
            actor=member,
            decision="approve",
            evidence_checked=True,
            claims_confirmed=True,
        )

    timed(
        "submit + assign (starts review) + board approves",
        full_cycle,
        repeat=args.articles // 2,
    )

    def edit():
        a = articles[-1]
        a.refresh_from_db()
        services.article_update(
            article=a, actor=editor, expected_lock_version=a.lock_version, body=a.body + "x"
        )

    timed("article_update (substance change)", edit, repeat=50)

    client = Client(HTTP_HOST="127.0.0.1")

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    timed("GET / (public list)", lambda: get("/"), repeat=20)
    from articles.models import Article

    slug = Article.objects.filter(status="approved").values_list("slug", flat=True).first()
    timed("GET /articles/<slug>/ (approved, frozen)", lambda: get(f"/articles/{slug}/"), 20)
    # The read API beside the pages (bench/api_pages.py loads both through gunicorn).
    timed("GET /api/v1/articles (list, as JSON)", lambda: get("/api/v1/articles"), repeat=20)
    timed("GET /api/v1/articles/<slug> (as JSON)", lambda: get(f"/api/v1/articles/{slug}"), 20)
    timed("GET /api/v1/board", lambda: get("/api/v1/board"), repeat=20)

    from references.data import Kind, ReferenceData
    from references.formatting import format_references
    from references.formatting.engine import ama_style

    ama_style()  # the one-off style parse is paid at first use, not per approval
    cited = [
        ReferenceData(
            kind=Kind.RESEARCH,
            title=f"Article {n}",
            container_title="Clinical Infectious Diseases",
            year=2014,
            doi=f"10.5555/bench.{n}",
        )
        for n in range(40)
    ]
    timed("format 40 references (AMA, at approval)", lambda: format_references(cited), 10)

    from celery import current_app

    from review.services.notifications import enqueue_notification

    # A dead broker (nothing listens on port 1) with the production retry policy: how long
    # an action's request waits before it gives up and leaves the email for the resend.
    current_app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    timed("enqueue an email with the broker down (gives up)", lambda: enqueue_notification(0), 3)


if __name__ == "__main__":
    main()
