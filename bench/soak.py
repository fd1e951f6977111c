"""The soak: the whole system as production runs it, for a set time, then its invariants.

    .venv/bin/python bench/soak.py                       # 3 minutes, every fault
    .venv/bin/python bench/soak.py --seconds 60 --faults worker   # what CI runs

Two gunicorn processes (two workers each) on their own ports, two Celery workers and beat,
against one PostgreSQL and one Redis, on 127.0.0.1 only. With ``--faults all`` (the
default) the soak starts its own throwaway PostgreSQL and Redis (a cluster in a temporary
directory, a Redis without persistence, on ports of their own) because it stops and
restarts them; otherwise it uses ``DATABASE_URL``'s server with a database of its own
(the name with ``_soak`` appended, dropped and created) and ``REDIS_URL``'s server.

While it runs, simulated people work through the services and HTTP: editors write,
revise and submit articles (``articles.services``), an admin assigns reviewers and board
members decide (``review.services``: their emails go through the outbox and the workers),
readers read articles on both ports, switch audience and report problems (HTTP, with
CSRF), an editor keeps the editorial workspace open (HTTP), and beat runs the scans and
the reference checks every few seconds against a replayed reference service (recorded
Crossref/PubMed/DailyMed answers; one cited DOI comes back retracted).

Faults (``--faults worker`` or ``all``): kill -9 a Celery worker while it runs a scan, and
one while it sends a batch of notifications (each restarted after a few seconds); with
``all`` also restart Redis (its data lost) and stop PostgreSQL for 20 seconds.

Then it drains (waits for the outbox to empty, bounded) and checks, printing each:
no server error (5xx, except "temporarily unavailable" while PostgreSQL is stopped); every
approval visible on every process once ``READERS_GENERATION_CHECK_SECONDS`` has passed;
each notification delivered exactly once; each stale flag raised once; every reader
report stored once; every published version exactly what its approvers approved; readers
served while PostgreSQL was stopped; everything working again after each fault. Exits 1 if
any check fails. Timings are printed, never asserted.
"""

# ruff: noqa: S311 - random choices simulate people, not secrets
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.soak_faults import Faults  # noqa: E402
from bench.soak_http import RETRACTED_DOI, Browser, Results  # noqa: E402
from bench.soak_people import People  # noqa: E402
from bench.soak_stack import (  # noqa: E402
    ROOT,
    OwnPostgres,
    OwnRedis,
    Process,
    ReplayedReferences,
    Supervisor,
    create_database,
    free_port,
    say,
    venv,
)

# --- the soak ---------------------------------------------------------------------------


class Soak(People, Faults):
    def __init__(self, args):
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="medreview-soak-"))
        self.mail_dir = self.work / "mail"
        self.mail_dir.mkdir()
        self.logs = self.work / "logs"
        self.logs.mkdir()
        self.results = Results()
        self.stop_load = threading.Event()
        self.events: list[tuple[float, str]] = []  # (time, what happened)
        self.windows: dict[str, tuple[float, float]] = {}  # fault -> (start, end)
        self.kills: list[dict] = []
        # (slug, token, committed at, the published version)
        self.approvals: list[tuple[str, str, float, int]] = []
        self.visibility: list[dict] = []
        self.reports: dict[str, int | None] = {}  # token -> HTTP status of the POST
        self.actor_errors: Counter = Counter()
        self.unexpected: Counter = Counter()
        self.approved_slugs: list[str] = []
        self.lock = threading.Lock()
        self.processes: list[Process] = []
        self.pg = self.redis = None

    # -- services and processes

    def services(self) -> tuple[str, str]:
        if self.args.faults == "all":
            self.pg = OwnPostgres(self.work, free_port())
            self.pg.create()
            self.redis = OwnRedis(self.work, free_port())
            self.redis.start()
            say(f"own PostgreSQL on :{self.pg.port}, own Redis on :{self.redis.port}")
            return self.pg.url, self.redis.url
        base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/medreview")
        parts = urllib.parse.urlparse(base)
        database = parts._replace(path=parts.path.rstrip("/") + "_soak").geturl()
        redis = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/14")
        return database, redis

    def environment(self, database: str, redis: str, replay: str) -> dict:
        keep = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "PROMETHEUS_", "CELERY_", "DATABASE", "REDIS"))
        }
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "bench.soak_site",
            "SECRET_KEY": "soak-" + secrets.token_hex(24),
            "DATABASE_URL": database,
            "REDIS_URL": redis,
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "READERS_GENERATION_CHECK_SECONDS": str(self.args.generation_check),
            "READERS_SUBMISSIONS_PER_HOUR": "1000000",
            "REFERENCE_LOOKUPS_ENABLED": "False",
            "REFERENCE_STATUS_RECHECK_HOURS": "1",
            "CROSSREF_API_URL": replay,
            "NCBI_EUTILS_URL": replay + "/eutils",
            "DAILYMED_API_URL": replay + "/dailymed",
            "SOAK_MAIL_DIR": str(self.mail_dir),
            "READINESS_BEAT_GRACE_SECONDS": "30",
            "READINESS_SCAN_GRACE_SECONDS": "60",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, env, *args) -> None:
        import subprocess

        result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")

    def start_processes(self, env: dict) -> None:
        self.web_ports = [free_port(), free_port()]
        self.worker_ports = [free_port(), free_port()]
        for i, port in enumerate(self.web_ports, 1):
            metrics = self.work / f"metrics-web{i}"
            metrics.mkdir()
            self.processes.append(
                Process(
                    f"web{i}",
                    [
                        venv("gunicorn"),
                        "config.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "2",
                        "--timeout",
                        "30",
                    ],  # fmt: skip
                    {**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics)},
                    self.logs,
                )
            )
        for i, port in enumerate(self.worker_ports, 1):
            self.processes.append(
                Process(
                    f"worker{i}",
                    [
                        venv("celery"),
                        "-A",
                        "config",
                        "worker",
                        "-n",
                        f"soak{i}@%h",
                        "--concurrency",
                        "2",
                        "--loglevel",
                        "INFO",
                        "--without-gossip",
                        "--without-mingle",
                    ],  # fmt: skip
                    {
                        **env,
                        "PROMETHEUS_MULTIPROC_DIR": str(self.work / f"metrics-worker{i}"),
                        "CELERY_METRICS_PORT": str(port),
                    },
                    self.logs,
                )
            )
        self.processes.append(
            Process(
                "beat",
                [
                    venv("celery"),
                    "-A",
                    "config",
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    str(self.work / "beat-schedule"),
                ],  # fmt: skip
                env,
                self.logs,
            )
        )
        for process in self.processes:
            process.start()
        self.supervisor = Supervisor(self.processes)
        self.supervisor.start()

    def process(self, name) -> Process:
        return next(p for p in self.processes if p.name == name)

    def wait_ready(self, timeout=90) -> float:
        """Seconds until /readyz says ready on both ports (beat has run by then)."""
        started = time.monotonic()
        browser = Browser(self.results, "readyz")
        while time.monotonic() - started < timeout:
            statuses = [
                browser.request(p, "GET", "/readyz", record=False)[0] for p in self.web_ports
            ]
            if statuses == [200, 200]:
                return time.monotonic() - started
            time.sleep(0.5)
        _, body = browser.request(self.web_ports[0], "GET", "/readyz", record=False)
        raise SystemExit(f"Not ready after {timeout} s: {body}")

    # -- Django in this process (the people who work through the services)

    def django(self, env: dict) -> None:
        os.environ.update({**env, "LOG_LEVEL": "ERROR"})
        import django

        django.setup()

    def seed(self) -> None:
        """References, and approved articles for readers (a few cite a DOI that the
        replayed Crossref calls retracted)."""
        from django.contrib.auth import get_user_model

        from references import services as reference_services
        from references.data import Author, Kind, ReferenceData

        users = {u.username: u for u in get_user_model().objects.all()}
        self.users = users
        self.keys = []
        for i in range(4):
            ref, _ = reference_services.reference_create(
                actor=users["admin"],
                key=f"soakclean{i}",
                data=ReferenceData(
                    kind=Kind.RESEARCH,
                    title=f"A cohort study of myositis outcomes, part {i + 1}",
                    authors=[Author(family="Okafor", given="Ada")],
                    container_title="Journal of Soak Studies",
                    year=2021,
                    doi=f"10.5555/soak.clean.{i}",
                ),
            )
            self.keys.append(ref.key)
        reference_services.reference_create(
            actor=users["admin"],
            key="soakretracted",
            data=ReferenceData(
                kind=Kind.RESEARCH,
                title="A retracted trial of myositis treatment",
                authors=[Author(family="Brandt", given="Lee")],
                container_title="Journal of Soak Studies",
                year=2019,
                doi=RETRACTED_DOI,
            ),
        )
        self.retracted_articles = []
        for i in range(self.args.articles):
            cites = ["soakretracted"] if i < 3 else [self.keys[i % 4]]
            article = self.write_article(users["editor" if i % 2 else "editor2"], cites)
            self.approve_now(article, token_hint=None)
            if i < 3:
                self.retracted_articles.append(article.pk)

    def short_schedules(self) -> None:
        """Beat runs the jobs every few seconds (the migrations' schedules are daily)."""
        from django_celery_beat.models import IntervalSchedule, PeriodicTask

        every = {
            "review.tasks.resend_pending_notifications_task": 5,
            "articles.tasks.run_publishing_schedule_task": 5,
            "freshness.tasks.scan_stale_content_task": 8,
            "freshness.tasks.check_reference_status_task": 10,
        }
        for task in PeriodicTask.objects.all():
            if task.task in every:
                interval, _ = IntervalSchedule.objects.get_or_create(
                    every=every[task.task], period=IntervalSchedule.SECONDS
                )
                task.interval, task.crontab, task.enabled = interval, None, True
            else:
                task.enabled = False
            task.save()

    # -- the people

    def run(self) -> int:
        args = self.args
        database, redis = self.services()
        replay = ReplayedReferences({RETRACTED_DOI})
        env = self.environment(database, redis, replay.url)
        create_database(database)
        say(f"work directory {self.work}")
        self.manage(env, "migrate", "--noinput", "--verbosity", "0")
        self.manage(env, "load_demo")
        self.django(env)
        from django.core.cache import cache

        cache.clear()
        self.seed()
        self.short_schedules()
        say(f"seeded {len(self.approved_slugs)} approved articles; starting the processes")
        self.start_processes(env)
        ready_after = self.wait_ready()
        say(f"ready on both ports after {ready_after:.1f} s; load for {args.seconds} s")

        self.load_started = time.time()
        threads = [
            threading.Thread(
                target=self.actor, args=(f"editor {u}", self.editor_step(u), (0.6, 1.2))
            )
            for u in ("editor", "editor2")
        ]
        threads.append(
            threading.Thread(target=self.actor, args=("admin", self.admin_step(), (0.3, 0.6)))
        )
        threads += [
            threading.Thread(target=self.actor, args=(f"board {u}", self.board_step(u), (0.3, 0.8)))
            for u in ("drroe", "drsmith")
        ]
        threads += [threading.Thread(target=self.reader, args=(i,)) for i in range(args.readers)]
        threads += [threading.Thread(target=self.staff), threading.Thread(target=self.faults)]
        checker = threading.Thread(target=self.visibility_checker)
        for thread in [*threads, checker]:
            thread.daemon = True
            thread.start()
        self.stop_load.wait(args.seconds)
        self.stop_load.set()
        for thread in threads:
            thread.join(60)
        checker.join(60)
        self.load_ended = time.time()
        say("load stopped; draining the outbox")
        drained = self.drain()
        say(f"drained in {drained:.1f} s" if drained is not None else "drain timed out")

        from bench.soak_checks import check_everything

        ok = check_everything(self, replay)
        replay.stop()
        return 0 if ok else 1

    def drain(self) -> float | None:
        """Wait (bounded) until no notification is pending, and a scan ran after the load."""
        from django.db import close_old_connections

        from ops.health import SCAN_TASK
        from ops.models import TaskRun
        from review.models import Notification, NotificationStatus

        started = time.monotonic()
        while time.monotonic() - started < self.args.drain:
            close_old_connections()
            pending = Notification.objects.filter(status=NotificationStatus.PENDING).count()
            run = TaskRun.objects.filter(task=SCAN_TASK).first()
            scanned = run and run.succeeded_at and run.succeeded_at.timestamp() > self.load_ended
            if not pending and scanned:
                return time.monotonic() - started
            time.sleep(1)
        return None

    def finish(self) -> None:
        if getattr(self, "supervisor", None):
            self.supervisor.running = False
        for process in self.processes:
            if process.popen:
                process.stop()
        if self.redis:
            self.redis.stop()
        if self.pg:
            self.pg.destroy()
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=180, help="how long the load runs")
    parser.add_argument("--faults", choices=["none", "worker", "all"], default="all")
    parser.add_argument("--articles", type=int, default=24, help="approved articles seeded")
    parser.add_argument("--readers", type=int, default=3, help="reader threads")
    parser.add_argument("--generation-check", type=float, default=1.0)
    parser.add_argument("--drain", type=int, default=100, help="max seconds to drain")
    parser.add_argument("--keep", action="store_true", help="keep the logs and mail")
    soak = Soak(parser.parse_args())
    try:
        return soak.run()
    finally:
        soak.finish()


if __name__ == "__main__":
    sys.exit(main())
