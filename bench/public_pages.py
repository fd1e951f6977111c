"""Load the public pages through gunicorn and compare them with a bare Django view.

1. Seeds ``--articles`` (default 2,000) approved articles of realistic size — about 1,500
   words and 8–40 citations each — through the services (create, submit, assign, approve),
   into a throwaway SQLite file, or the database DATABASE_URL points at (use one you can
   afford to fill; re-runs reuse articles already there).
2. Starts two gunicorn servers on 127.0.0.1: one with the page cache on (Redis if
   REDIS_URL is set, else each worker's local memory), one with it off.
3. Loads, with the same Python load loop (several client processes, keep-alive
   connections, a fixed duration each): a bare Django view returning a string as long as
   the article page; the article page cached; the article page uncached (a random article
   per request); the home page uncached and cached.
4. Prints requests/s, p50 and p99 latency, and the ratio to the bare view.

Usage: ``.venv/bin/python bench/public_pages.py [--articles 2000] [--seconds 8]
[--workers 4] [--clients 8] [--compare-prepared]``. Prints figures; asserts nothing.
``--compare-prepared`` adds the uncached pages with the prepared queries switched off.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "patient",
    "patients",
    "infection",
    "muscle",
    "abscess",
    "treatment",
    "antibiotic",
    "therapy",
    "dose",
    "daily",
    "clinical",
    "evidence",
    "trial",
    "guideline",
    "review",
    "imaging",
    "ultrasound",
    "tomography",
    "drainage",
    "fever",
    "pain",
    "swelling",
    "hip",
    "thigh",
    "psoas",
    "iliopsoas",
    "staphylococcus",
    "aureus",
    "culture",
    "blood",
    "sample",
    "diagnosis",
    "differential",
    "recovery",
    "weeks",
    "months",
    "risk",
    "factor",
    "diabetes",
    "immune",
    "response",
    "surgery",
    "percutaneous",
    "catheter",
    "outcome",
    "mortality",
    "recurrence",
    "follow",
    "monitoring",
    "laboratory",
    "marker",
    "protein",
    "elevated",
    "normal",
    "severe",
    "mild",
    "moderate",
    "adult",
    "child",
    "older",
    "common",
    "rare",
]


def setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.gettempdir()) / "medreview-bench-public.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    import logging

    logging.getLogger("celery").setLevel(logging.WARNING)  # no line per seeded e-mail
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    return " ".join(words).capitalize() + "."


def body_with_citations(rng: random.Random, keys: list[str], words: int = 1500) -> str:
    """About ``words`` words in headed paragraphs, each key cited at least once."""
    paragraphs, count, pending = [], 0, list(keys)
    while count < words or pending:
        text = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        count += len(text.split())
        cite = [pending.pop() for _ in range(min(len(pending), rng.randint(1, 3)))]
        if cite:
            text = text[:-1] + " [" + "; ".join(f"@{k}" for k in cite) + "]."
        if len(paragraphs) % 4 == 0:
            paragraphs.append(f"## {sentence(rng)[:40].rstrip('.')}")
        paragraphs.append(text)
    return "\n\n".join(paragraphs) + "\n"


def seed(n: int) -> str:
    from django.contrib.auth.models import Group, User

    from articles import services as article_services
    from articles.models import Article
    from articles.roles import ADMINS, ADVISORY_BOARD, EDITORS
    from references import services as reference_services
    from references.data import Kind, ReferenceData, person
    from review import services as review_services
    from review.models import BoardMember

    def user(name, group):
        u, made = User.objects.get_or_create(
            username=name, defaults={"email": f"{name}@example.org", "is_staff": True}
        )
        u.groups.add(Group.objects.get(name=group))
        return u

    editor, admin = user("bench-editor", EDITORS), user("bench-admin", ADMINS)
    admin.is_superuser = True
    admin.save()
    doctor = user("bench-doctor", ADVISORY_BOARD)
    member = BoardMember.objects.filter(user=doctor).first() or (
        review_services.board_member_create(
            actor=admin,
            user=doctor,
            display_name="Jane Roe",
            credentials="MD, FACP",
            conflict_disclosure="No relevant financial relationships.",
        )
    )
    rng = random.Random(9)  # noqa: S311 - repeatable test data, not secrets
    keys = []
    for i in range(300):
        ref, _ = reference_services.reference_create(
            actor=admin,
            key=f"bench{i}",
            data=ReferenceData(
                kind=[Kind.RESEARCH, Kind.GUIDELINE, Kind.REVIEW][i % 3],
                title=f"{sentence(rng)[:90]} (study {i})",
                authors=[person("Crum", "Nancy F."), person("Liu", "Catherine")],
                container_title="The American Journal of Medicine",
                container_title_short="Am J Med",
                year=1990 + i % 35,
                volume=str(100 + i),
                issue=str(i % 12 + 1),
                pages=f"{i + 1}-{i + 9}",
                doi=f"10.5555/bench.{i}",
                pmid=str(30000000 + i),
            ),
        )
        keys.append(ref.key)
    have = Article.objects.filter(slug__startswith="bench-").count()
    started = time.perf_counter()
    for i in range(have, n):
        cited = rng.sample(keys, rng.randint(8, 40))
        article = article_services.article_create(
            actor=editor,
            title=f"Bench question {i}: how is {rng.choice(WORDS)} {rng.choice(WORDS)} treated?",
            slug=f"bench-{i}",
            summary=sentence(rng),
            body=body_with_citations(rng, cited),
        )
        article = article_services.article_submit(article=article, actor=editor)
        assignment = review_services.review_assign(article=article, reviewer=member, actor=admin)
        review_services.review_decide(
            assignment=assignment,
            actor=doctor,
            decision="approve",
            evidence_checked=True,
            claims_confirmed=True,
        )
        if (i + 1) % 200 == 0:
            rate = (i + 1 - have) / (time.perf_counter() - started)
            print(f"  seeded {i + 1}/{n} articles ({rate:.0f}/s)", flush=True)
    return "bench-0"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bench/bare/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def _client(args) -> list[float]:
    port, paths, seconds, seed_ = args
    rng = random.Random(seed_)  # noqa: S311 - which page to ask for next
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    latencies, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        path = rng.choice(paths)
        start = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            ok = False
        if ok:
            latencies.append(time.perf_counter() - start)
    conn.close()
    return latencies


def load(port: int, paths: list[str], *, seconds: float, clients: int) -> dict:
    _client((port, paths[:1], 0.5, 0))  # warm up (fills caches, opens DB connections)
    with multiprocessing.Pool(clients) as pool:
        results = pool.map(_client, [(port, paths, seconds, i) for i in range(clients)])
    latencies = sorted(x for r in results for x in r)
    if not latencies:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan")}
    return {
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--compare-prepared",
        action="store_true",
        help="also load the uncached pages with READERS_PREPARED_QUERIES off (plain ORM)",
    )
    args = parser.parse_args()
    setup_django()
    print(f"Seeding {args.articles} approved articles through the services…", flush=True)
    seed(args.articles)

    from django.test import Client

    from articles.models import PublishedVersion

    sample = PublishedVersion.objects.filter(article__slug="bench-0").first()
    words = len(sample.body.split())
    size = len(Client(HTTP_HOST="127.0.0.1").get("/articles/bench-0/").content)
    print(f"Article page: {size} bytes, {words} words, {len(sample.references)} references")

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.bench_site",
        "BENCH_BARE_BYTES": str(size),
        "PYTHONPATH": str(ROOT),
    }
    cached_port, uncached_port = free_port(), free_port()
    servers = [
        start_gunicorn(cached_port, args.workers, {**env, "READERS_CACHE_SECONDS": "600"}),
        start_gunicorn(uncached_port, args.workers, {**env, "READERS_CACHE_SECONDS": "0"}),
    ]
    if args.compare_prepared:
        orm_port = free_port()
        servers.append(
            start_gunicorn(
                orm_port,
                args.workers,
                {**env, "READERS_CACHE_SECONDS": "0", "READERS_PREPARED_QUERIES": "0"},
            )
        )
    random_articles = [f"/articles/bench-{i}/" for i in range(args.articles)]
    try:
        runs = [
            ("bare Django view (same size)", cached_port, ["/bench/bare/"]),
            ("article page, cached", cached_port, ["/articles/bench-0/"]),
            ("article page, uncached (random article)", uncached_port, random_articles),
            ("home page, uncached", uncached_port, ["/"]),
            ("home page, cached", cached_port, ["/"]),
        ]
        if args.compare_prepared:
            runs += [
                ("article page, uncached, plain ORM", orm_port, random_articles),
                ("home page, uncached, plain ORM", orm_port, ["/"]),
            ]
        print(
            f"\n{args.workers} gunicorn sync workers, {args.clients} client processes, "
            f"{args.seconds:.0f} s each, cache: "
            + ("Redis" if os.environ.get("REDIS_URL") else "local memory per worker")
        )
        print(f"{'':<42} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8}")
        bare = None
        for label, port, paths in runs:
            result = load(port, paths, seconds=args.seconds, clients=args.clients)
            bare = bare or result["rps"]
            ratio = result["rps"] / bare if bare else 0
            print(
                f"{label:<42} {result['rps']:9.0f} {result['p50']:8.2f} "
                f"{result['p99']:8.2f} {ratio:8.2f}",
                flush=True,
            )
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
