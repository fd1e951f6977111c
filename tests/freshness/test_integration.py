"""PostgreSQL + Redis + a real Celery worker: concurrent scans raise each flag once; a
beat-style dispatch of the scheduled scan makes the flags appear."""

import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from config.celery import app as celery_app
from freshness import scan
from freshness.models import Reason, StaleFlag
from references.data import Kind
from tests.freshness.helpers import draft_citing, record_status
from tests.references.factories import ReferenceFactory
from tests.review.helpers import celery_config

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def stale(editor):
    """Twenty articles, each due two flags (retracted + old guideline)."""
    bad = ReferenceFactory(key="wakefield1998")
    ReferenceFactory(key="idsa2014", kind=Kind.GUIDELINE, year=2014)
    record_status(bad, retracted=True)
    return [draft_citing(editor, "[@wakefield1998] [@idsa2014]") for _ in range(20)]


def _concurrently(n: int, target) -> list:
    barrier, errors, results = threading.Barrier(n), [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    return results


@pytest.mark.parametrize("take_turns", [True, False], ids=["advisory-lock", "constraint-only"])
def test_concurrent_scans_raise_each_flag_once(stale, monkeypatch, take_turns):
    if not take_turns:  # the partial unique index and ON CONFLICT alone must hold
        monkeypatch.setattr(scan, "take_turns", lambda cursor: None)
    results = _concurrently(4, scan.stale_scan)
    assert sum(r.total_raised for r in results) == 40
    assert StaleFlag.objects.open().filter(reason=Reason.REFERENCE_RETRACTED).count() == 20
    assert StaleFlag.objects.open().filter(reason=Reason.REFERENCE_OUTDATED).count() == 20
    assert StaleFlag.history.model.objects.filter(history_type="+").count() == 40


@pytest.fixture
def real_broker():
    with celery_config(task_always_eager=False, broker_url=settings.REDIS_URL):
        yield


def test_beat_dispatch_of_the_scheduled_scan_raises_the_flags(stale, real_broker):
    # An earlier transactional test may have flushed the rows the data migration made:
    # make them again the way the migration does (idempotent).
    from importlib import import_module

    from django.apps import apps

    import_module("freshness.migrations.0003_stale_schedules").schedule(apps, None)
    task = PeriodicTask.objects.get(name="Freshness: daily stale-content scan")
    assert task.enabled and task.task == "freshness.tasks.scan_stale_content_task"
    scheduler = DatabaseScheduler(app=celery_app, lazy=True)
    entry = scheduler.Entry(task, app=celery_app)
    with start_worker(
        celery_app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=10,
    ):
        scheduler.apply_async(entry)  # what beat does when the entry is due
        deadline = time.monotonic() + 30
        while StaleFlag.objects.open().count() < 40 and time.monotonic() < deadline:
            time.sleep(0.2)
    assert StaleFlag.objects.open().count() == 40
