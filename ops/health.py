"""Liveness and readiness.

``/healthz`` says the process is up and answers (no I/O at all). ``/readyz`` (and
``manage.py check_readiness``, used by the worker's and beat's health checks) says whether
this process can do its work:

- ``database``, ``cache``, ``broker``: reachable, each within ``READINESS_TIMEOUT_SECONDS``;
- ``beat``: every enabled schedule ran when due, give or take
  ``READINESS_BEAT_GRACE_SECONDS`` (beat writes each run to the database at once);
- ``stale_scan``: the stale-content scan succeeded when its schedule asked for it, give or
  take ``READINESS_SCAN_GRACE_SECONDS`` (a scan that never ran yet is not late).

A check's result says only what failed and in which words a person can act on: never a
host name, password or exception text, which may hold either.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

SCAN_TASK = "freshness.tasks.scan_stale_content_task"
# Tasks whose runs are recorded (ops.models.TaskRun) for the checks below.
WATCHED_TASKS = {SCAN_TASK}


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        problem = check()
    except Exception as error:  # any failure of a dependency is "not ready", never a 500
        logger.warning("Readiness check %s failed: %s", check.__name__, type(error).__name__)
        problem = _UNREACHABLE[check.__name__]
    result = {"ok": problem is None}
    if problem:
        result["error"] = problem
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return None


def cache_check() -> str | None:
    key = "ops:readiness"
    cache.set(key, "1", 10)
    return None if cache.get(key) == "1" else "the cache does not keep what is written to it"


def broker() -> str | None:
    from config.celery import app

    if app.conf.task_always_eager:
        return None  # no broker configured: tasks run in the calling process
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=settings.READINESS_TIMEOUT_SECONDS)
    return None


def _late(schedule, since, grace: timedelta) -> timedelta | None:
    """How late a run after ``since`` is, if later than ``grace``."""
    late = -schedule.remaining_estimate(since)
    return late if late > grace else None


def beat() -> str | None:
    from django_celery_beat.models import PeriodicTask

    grace = timedelta(seconds=settings.READINESS_BEAT_GRACE_SECONDS)
    ran = False
    for task in PeriodicTask.objects.filter(enabled=True, one_off=False).select_related(
        "interval", "crontab", "solar", "clocked"
    ):
        if task.last_run_at is None:
            continue
        ran = True
        late = _late(task.schedule, task.last_run_at, grace)
        if late:
            seconds = int(late.total_seconds())
            return f"schedule '{task.name}' is {seconds} s overdue: is beat running?"
    return None if ran else "beat has not run any schedule yet"


def stale_scan() -> str | None:
    from django_celery_beat.models import PeriodicTask

    from .models import TaskRun

    schedule = (
        PeriodicTask.objects.filter(task=SCAN_TASK, enabled=True)
        .select_related("interval", "crontab", "solar", "clocked")
        .first()
    )
    run = TaskRun.objects.filter(task=SCAN_TASK).first()
    if schedule is None or run is None:
        return None  # not scheduled, or never started yet
    grace = timedelta(seconds=settings.READINESS_SCAN_GRACE_SECONDS)
    since = run.succeeded_at or run.first_started_at
    late = _late(schedule.schedule, since, grace)
    if late is None:
        return None
    if run.succeeded_at is None:
        return "the stale-content scan has never succeeded"
    return f"the last successful stale-content scan is {int(late.total_seconds())} s overdue"


_UNREACHABLE = {
    "database": "the database is unreachable",
    "cache_check": "the cache is unreachable",
    "broker": "the task broker is unreachable",
    "beat": "the schedule could not be read",
    "stale_scan": "the stale-content scan's record could not be read",
}

CHECKS = {
    "database": database,
    "cache": cache_check,
    "broker": broker,
    "beat": beat,
    "stale_scan": stale_scan,
}
# What the jobs checks need: without a database they cannot be answered.
NEEDS_DATABASE = {"beat", "stale_scan"}


def readiness() -> tuple[bool, dict]:
    """(ready, body): every check with ``ok`` and, when not, ``error``."""
    results = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and not results["database"]["ok"]:
            results[name] = {"ok": False, "error": "not checked: the database is unreachable"}
            continue
        results[name] = _timed(check)
    ready = all(result["ok"] for result in results.values())
    failing = sorted(name for name, result in results.items() if not result["ok"])
    body = {"status": "ready" if ready else "unavailable", "checks": results}
    if failing:
        body["failing"] = failing
    return ready, body
