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
import http.client
import json
import os
import random
import re
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

RETRACTED_DOI = "10.5555/soak.retracted"
TOKEN = re.compile(r"soak-token-[0-9a-f]{12}")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- HTTP -------------------------------------------------------------------------------


class Results:
    """Every HTTP answer the soak got: (time, what, port, status, seconds, cache)."""

    def __init__(self):
        self.rows: list[tuple] = []
        self.lock = threading.Lock()

    def add(self, *row) -> None:
        with self.lock:
            self.rows.append(row)


class Browser:
    """One person's HTTP client: cookies, CSRF token, one port at a time."""

    def __init__(self, results: Results, what: str):
        self.cookies: dict[str, str] = {}
        self.results, self.what = results, what

    def request(self, port, method, path, *, body=None, what=None, record=True):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
            status = response.status
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            cache = response.getheader("X-Page-Cache", "")
        except OSError as error:
            content, status, cache = str(error), None, ""
        finally:
            conn.close()
        if record:
            self.results.add(
                time.time(), what or self.what, port, status, time.monotonic() - started, cache
            )
        return status, content

    def login(self, port, username) -> bool:
        status, page = self.request(port, "GET", "/admin/login/", record=False)
        match = CSRF_INPUT.search(page)
        if status != 200 or not match:
            return False
        status, _ = self.request(
            port,
            "POST",
            "/admin/login/?next=/editorial/",
            body={
                "csrfmiddlewaretoken": match.group(1),
                "username": username,
                "password": f"{username}-demo",
                "next": "/editorial/",
            },
            record=False,
        )
        return status == 302


# --- the soak ---------------------------------------------------------------------------


class Soak:
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
        self.approvals: list[tuple[str, str, float]] = []  # (slug, token, committed at)
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

    def body(self, keys: list[str]) -> tuple[str, str]:
        token = f"soak-token-{secrets.token_hex(6)}"
        cited = " ".join(f"[@{key}]" for key in keys)
        return token, (
            "## From the research\n\nPsoas myositis is treated with antibiotics and, "
            f"when there is an abscess, drainage {cited}.\n\nRevision {token}.\n"
        )

    def write_article(self, editor, keys):
        from articles import services as article_services

        _, body = self.body(keys)
        article = article_services.article_create(
            actor=editor,
            title=f"Soak question {secrets.token_hex(4)}: how is psoas myositis treated?",
            summary="Antibiotics, and drainage of any abscess.",
            body=body,
        )
        return article_services.article_submit(article=article, actor=editor)

    def member(self, username):
        from review.models import BoardMember

        return BoardMember.objects.get(user__username=username)

    def approve_now(self, article, token_hint):
        from review import services as review_services

        board = random.choice(["drroe", "drsmith"])
        assignment = review_services.review_assign(
            article=article, reviewer=self.member(board), actor=self.users["admin"]
        )
        review_services.review_decide(
            assignment=assignment,
            actor=self.users[board],
            decision="approve",
            evidence_checked=True,
        )
        article.refresh_from_db()
        with self.lock:
            self.approved_slugs.append(article.slug)

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

    def actor(self, name, step, pause):
        from django.db import DatabaseError, close_old_connections, connection

        from articles.exceptions import ArticleError

        while not self.stop_load.is_set():
            close_old_connections()
            try:
                step()
            except ArticleError as error:
                self.actor_errors[f"{name}: {type(error).__name__}"] += 1
            except DatabaseError as error:
                self.actor_errors[f"{name}: database ({type(error).__name__})"] += 1
                if not self.in_window("postgres", slack=5):
                    self.unexpected[f"{name}: {type(error).__name__}: {error}"[:200]] += 1
                connection.close()
                time.sleep(1)
            except Exception as error:  # noqa: BLE001 - counted and reported, never hidden
                if not self.in_window("redis", slack=5):
                    self.unexpected[f"{name}: {type(error).__name__}: {error}"[:200]] += 1
                else:
                    self.actor_errors[f"{name}: {type(error).__name__} (Redis restarting)"] += 1
            time.sleep(random.uniform(*pause))
        connection.close()

    def editor_step(self, username):
        from articles import services as article_services
        from articles.models import Article, ArticleStatus

        def step():
            editor = self.users[username]
            mine = Article.objects.filter(author=editor)
            returned = mine.filter(status=ArticleStatus.CHANGES_REQUESTED).first()
            approved = (
                mine.filter(status=ArticleStatus.APPROVED).exclude(
                    citations__reference__key="soakretracted"
                ).order_by("?").first()
            )  # fmt: skip
            roll = random.random()
            if returned is not None:
                _, body = self.body([random.choice(self.keys)])
                article_services.article_update(
                    article=returned, actor=editor, expected_version=returned.version, body=body
                )
                returned.refresh_from_db()
                article_services.article_submit(article=returned, actor=editor)
            elif approved is not None and roll < 0.4:
                article = article_services.article_revise(article=approved, actor=editor)
                _, body = self.body([random.choice(self.keys)])
                article_services.article_update(
                    article=article, actor=editor, expected_version=article.version, body=body
                )
                article.refresh_from_db()
                article_services.article_submit(
                    article=article,
                    actor=editor,
                    change_kind="update",
                    change_note="Newer evidence on drainage.",
                )
            else:
                self.write_article(editor, [random.choice(self.keys)])

        return step

    def admin_step(self):
        from articles.models import Article, ArticleStatus
        from review import services as review_services
        from review.models import AssignmentState

        def step():
            waiting = Article.objects.filter(status=ArticleStatus.SUBMITTED).exclude(
                assignments__state=AssignmentState.PENDING
            )[:5]
            for article in waiting:
                review_services.review_assign(
                    article=article,
                    reviewer=self.member(random.choice(["drroe", "drsmith"])),
                    actor=self.users["admin"],
                )

        return step

    def board_step(self, username):
        from articles.models import ArticleStatus, PublishedVersion
        from review import services as review_services
        from review.models import ReviewAssignment

        def step():
            assignment = (
                ReviewAssignment.objects.pending()
                .filter(reviewer__user__username=username)
                .select_related("article")
                .first()
            )
            if assignment is None:
                return
            if random.random() < 0.15:
                review_services.review_decide(
                    assignment=assignment,
                    actor=self.users[username],
                    decision="request_changes",
                    comment="Please cite the drainage trial.",
                )
                return
            review_services.review_decide(
                assignment=assignment,
                actor=self.users[username],
                decision="approve",
                evidence_checked=True,
            )
            committed = time.time()
            article = assignment.article
            article.refresh_from_db()
            if article.status == ArticleStatus.APPROVED:
                live = PublishedVersion.objects.filter(article=article).first()
                token = TOKEN.search(live.body)  # the demo's own articles carry none
                with self.lock:
                    if token:
                        self.approvals.append((article.slug, token.group(0), committed))
                    if article.slug not in self.approved_slugs:
                        self.approved_slugs.append(article.slug)

        return step

    def reader(self, i):
        browser = Browser(self.results, "reader")
        while not self.stop_load.is_set():
            port = random.choice(self.web_ports)
            with self.lock:
                slug = random.choice(self.approved_slugs)
            roll = random.random()
            if roll < 0.08:
                browser.cookies["audience"] = random.choice(["patient", "clinician"])
            elif roll < 0.12:
                browser.request(
                    port, "GET", f"/audience/patient/?next=/articles/{slug}/", what="audience"
                )
            elif roll < 0.17:
                self.report(browser, port, slug)
                continue
            elif roll < 0.27:
                browser.request(port, "GET", "/", what="home")
                continue
            browser.request(port, "GET", f"/articles/{slug}/", what="article")
            time.sleep(random.uniform(0.01, 0.05))

    def report(self, browser, port, slug):
        status, page = browser.request(port, "GET", f"/articles/{slug}/report/", what="report")
        match = CSRF_INPUT.search(page) if status == 200 else None
        if not match:
            return
        token = f"soak-report-{secrets.token_hex(6)}"
        status, _ = browser.request(
            port,
            "POST",
            f"/articles/{slug}/report/",
            body={
                "csrfmiddlewaretoken": match.group(1),
                "kind": "typo",
                "message": f"A typo in the second paragraph ({token}).",
                "email": "",
                "website": "",
            },
            what="report",
        )
        with self.lock:
            self.reports[token] = status

    def staff(self):
        browser = Browser(self.results, "staff")
        logged_in = False
        while not self.stop_load.is_set():
            if not logged_in:
                logged_in = browser.login(self.web_ports[0], "editor")
            if logged_in:
                port = random.choice(self.web_ports)
                browser.request(port, "GET", "/editorial/my-articles/", what="staff")
            time.sleep(0.5)

    def visibility_checker(self):
        """Once READERS_GENERATION_CHECK_SECONDS have passed since an approval committed,
        every process must show it (each port asked several times: both its workers)."""
        browser = Browser(self.results, "visibility")
        seen = 0
        while not (self.stop_load.is_set() and seen >= len(self.approvals)):
            if seen >= len(self.approvals):
                time.sleep(0.05)
                continue
            slug, token, committed = self.approvals[seen]
            seen += 1
            wait = committed + self.args.generation_check + 0.05 - time.time()
            if wait > 0:
                time.sleep(wait)
            for port in self.web_ports:
                for _ in range(3):
                    asked = time.time()
                    status, page = browser.request(
                        port, "GET", f"/articles/{slug}/", what="visibility", record=False
                    )
                    skipped = self.in_window("postgres", at=asked, slack=5) or self.in_window(
                        "redis", at=asked, slack=5
                    )
                    self.visibility.append(
                        {
                            "slug": slug,
                            "port": port,
                            "status": status,
                            "shown": token in page,
                            "after": asked - committed,
                            "at": asked,
                            "skipped": skipped,
                        }
                    )

    # -- faults

    def in_window(self, fault, *, at=None, slack=0.0) -> bool:
        window = self.windows.get(fault)
        if not window:
            return False
        at = at or time.time()
        end = window[1] if window[1] else float("inf")
        return window[0] - 1 <= at <= end + slack

    def mark(self, what):
        self.events.append((time.time(), what))
        say(what)

    def kill_worker_during(self, name, task_fragment, trigger):
        """Trigger work, then kill -9 the worker as soon as its log shows such a task
        started and not finished; restart it after three seconds."""
        process = self.process(name)
        offset = process.log.stat().st_size
        deadline = time.monotonic() + 40
        running: dict[str, str] = {}
        caught = None
        next_trigger = 0.0
        pattern = re.compile(r"Task (\S+)\[([0-9a-f-]+)\] (started|succeeded|failed|retry)")
        with open(process.log, "rb") as log:
            log.seek(offset)
            while time.monotonic() < deadline and caught is None:
                if time.monotonic() >= next_trigger:  # again, if the other worker took it
                    threading.Thread(target=self.quietly, args=(trigger,), daemon=True).start()
                    next_trigger = time.monotonic() + 8
                # Everything logged so far, then: is such a task running right now?
                for line in log.readlines():
                    if not line.endswith(b"\n"):  # still being written: read it next time
                        log.seek(-len(line), os.SEEK_CUR)
                        break
                    try:
                        found = pattern.match(json.loads(line).get("message", ""))
                    except ValueError:
                        continue
                    if found:
                        task, task_id, what = found.groups()
                        if what == "started":
                            running[task_id] = task
                        else:
                            running.pop(task_id, None)
                caught = next((t for t in running.values() if task_fragment in t), None)
                if caught is None:
                    time.sleep(0.002)
        process.expected_down = True
        at = time.time()
        process.kill9()
        in_flight = sorted(running.values())
        self.kills.append({"worker": name, "at": at, "during": caught, "in_flight": in_flight})
        self.mark(f"kill -9 {name} (running: {', '.join(in_flight) or 'nothing seen'})")
        time.sleep(3)
        process.start()
        process.expected_down = False
        self.mark(f"{name} restarted")

    def quietly(self, work):
        from django.db import connection

        try:
            work()
        except Exception as error:  # noqa: BLE001 - reported
            self.unexpected[f"fault trigger: {type(error).__name__}: {error}"[:200]] += 1
        finally:
            connection.close()

    def trigger_scans(self):
        from freshness.tasks import scan_stale_content_task

        for _ in range(4):
            scan_stale_content_task.delay()

    def trigger_notifications(self):
        """A batch: eight articles assigned to both board members (sixteen emails)."""
        from articles.exceptions import ArticleError
        from review import services as review_services

        for i in range(8):
            article = self.write_article(
                self.users["editor" if i % 2 else "editor2"], self.keys[:1]
            )
            for board in ("drroe", "drsmith"):
                try:
                    review_services.review_assign(
                        article=article, reviewer=self.member(board), actor=self.users["admin"]
                    )
                except ArticleError:  # the admin's own round assigned this member first
                    self.actor_errors["fault batch: already assigned"] += 1

    def restart_redis(self):
        self.windows["redis"] = (time.time(), 0)
        self.mark("Redis stopped (its data is lost)")
        self.redis.stop()
        time.sleep(3)
        self.redis.start()
        self.windows["redis"] = (self.windows["redis"][0], time.time())
        self.mark("Redis started again, empty")

    def stop_postgres(self):
        self.windows["postgres"] = (time.time(), 0)
        self.mark("PostgreSQL stopped for 20 s")
        self.pg.stop()
        time.sleep(20)
        self.pg.start()
        self.windows["postgres"] = (self.windows["postgres"][0], time.time())
        self.mark("PostgreSQL started again")

    def faults(self):
        from django.db import connection

        seconds = self.args.seconds
        plan = []
        if self.args.faults in ("worker", "all"):
            plan += [
                (0.2, lambda: self.kill_worker_during("worker1", "scan_stale", self.trigger_scans)),
                (
                    0.45 if self.args.faults == "all" else 0.55,
                    lambda: self.kill_worker_during(
                        "worker2", "send_notification", self.trigger_notifications
                    ),
                ),
            ]
        if self.args.faults == "all":
            plan += [(0.3, self.restart_redis), (0.6, self.stop_postgres)]
        plan.sort(key=lambda item: item[0])
        started = self.load_started
        for share, fault in plan:
            wait = started + share * seconds - time.time()
            if wait > 0 and self.stop_load.wait(wait):
                break
            try:
                fault()
            except Exception as error:  # noqa: BLE001 - reported
                self.unexpected[f"fault: {type(error).__name__}: {error}"[:200]] += 1
            connection.close()

    # -- running it

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
