"""/healthz and /readyz: JSON, never cached, no secrets, and which dependency is failing."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django_celery_beat.models import PeriodicTask

from ops import health
from ops.models import TaskRun
from tests.ops.conftest import ago
from tests.review.helpers import celery_config

NEVER_CACHED = {"no-cache", "no-store", "must-revalidate", "max-age=0"}


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_healthz_answers_without_any_io(client):
    # No database fixture: any query would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert cache_control(response) >= NEVER_CACHED


def test_health_endpoints_answer_a_probe_with_any_host_header(client, beat_on_time):
    # A load balancer's probe addresses the process by IP: no ALLOWED_HOSTS entry needed.
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.1.2.3:8000").status_code == 200


def test_healthz_stays_up_when_the_database_is_down(client, db, database_down):
    assert client.get("/healthz").status_code == 200


def test_readyz_reports_every_check_when_ready(client, beat_on_time):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache", "broker", "beat", "stale_scan"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "failing" not in body
    assert cache_control(response) >= NEVER_CACHED


def test_readyz_names_the_database_and_hides_the_error_text(client, beat_on_time, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["beat", "database", "stale_scan"]
    assert body["checks"]["database"] == {
        "ok": False,
        "error": "the database is unreachable",
        "ms": body["checks"]["database"]["ms"],
    }
    assert body["checks"]["beat"]["error"] == "not checked: the database is unreachable"
    assert body["checks"]["cache"]["ok"] and body["checks"]["broker"]["ok"]
    text = response.content.decode()
    for secret in ("hunter2", "db.internal", "10.0.0.7", "5432"):
        assert secret not in text
    assert cache_control(response) >= NEVER_CACHED


def test_readyz_names_the_cache(client, beat_on_time, monkeypatch):
    from django.core.cache import cache

    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis://:s3cret@cache.internal:6379")

    monkeypatch.setattr(cache, "set", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"]["error"] == "the cache is unreachable"
    assert "s3cret" not in response.content.decode()


def test_readyz_names_the_broker(client, beat_on_time, settings):
    settings.READINESS_TIMEOUT_SECONDS = 0.5
    # Nothing listens on port 1 of the loopback: the connection is refused at once.
    with celery_config(task_always_eager=False, broker_url="redis://:s3cret@127.0.0.1:1/0"):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"]["error"] == "the task broker is unreachable"
    assert "s3cret" not in response.content.decode()


def test_readyz_says_when_beat_has_never_run(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["beat"]["error"] == "beat has not run any schedule yet"


def test_readyz_says_which_schedule_beat_left_overdue(client, beat_on_time):
    task = PeriodicTask.objects.get(task="review.tasks.resend_pending_notifications_task")
    PeriodicTask.objects.filter(pk=task.pk).update(last_run_at=ago(hours=1))
    body = client.get("/readyz").json()
    assert body["failing"] == ["beat"]
    error = body["checks"]["beat"]["error"]
    assert error.startswith(f"schedule '{task.name}' is ")
    assert error.endswith(" s overdue: is beat running?")
    seconds = int(error.split(" is ")[1].split(" s ")[0])
    assert 3000 < seconds < 3600  # an hour late, less the minute and the grace


def test_a_schedule_within_its_grace_is_not_late(client, beat_on_time, settings):
    settings.READINESS_BEAT_GRACE_SECONDS = 300
    PeriodicTask.objects.filter(task="review.tasks.resend_pending_notifications_task").update(
        last_run_at=ago(minutes=5)
    )
    assert client.get("/readyz").status_code == 200


def test_readyz_says_when_the_last_successful_scan_is_overdue(client, beat_on_time):
    TaskRun.objects.create(
        task=health.SCAN_TASK,
        first_started_at=ago(days=10),
        last_started_at=ago(hours=1),
        succeeded_at=ago(days=3),
        failed_at=ago(hours=1),
    )
    body = client.get("/readyz").json()
    assert body["failing"] == ["stale_scan"]
    error = body["checks"]["stale_scan"]["error"]
    assert error.startswith("the last successful stale-content scan is ")
    assert error.endswith(" s overdue")


def test_readyz_says_when_the_scan_has_never_succeeded(client, beat_on_time):
    TaskRun.objects.create(
        task=health.SCAN_TASK, first_started_at=ago(days=3), last_started_at=ago(hours=1)
    )
    body = client.get("/readyz").json()
    assert body["checks"]["stale_scan"]["error"] == "the stale-content scan has never succeeded"


def test_a_scan_that_never_ran_yet_is_not_late(client, beat_on_time):
    assert not TaskRun.objects.exists()
    assert client.get("/readyz").json()["checks"]["stale_scan"]["ok"]


def test_a_scan_run_records_its_start_and_success(db):
    from freshness.tasks import scan_stale_content_task

    scan_stale_content_task.delay()
    run = TaskRun.objects.get(task=health.SCAN_TASK)
    assert run.succeeded_at is not None
    assert run.first_started_at <= run.last_started_at <= run.succeeded_at
    assert run.failed_at is None


def test_a_failed_scan_is_recorded_as_failed(db, monkeypatch):
    from freshness import scan
    from freshness.tasks import scan_stale_content_task

    def broken():
        raise ValueError("bad data")

    monkeypatch.setattr(scan, "stale_scan", broken)
    with pytest.raises(ValueError, match="bad data"):
        scan_stale_content_task.delay()
    run = TaskRun.objects.get(task=health.SCAN_TASK)
    assert run.succeeded_at is None and run.failed_at is not None


def test_the_readiness_command_prints_the_checks(beat_on_time, capsys):
    call_command("check_readiness")
    body = json.loads(capsys.readouterr().out)
    assert body["status"] == "ready"


def test_the_readiness_command_fails_naming_what_is_not_ready(db, database_down, capsys):
    with pytest.raises(CommandError, match=r"^Not ready: beat, database, stale_scan$"):
        call_command("check_readiness")
    assert "hunter2" not in capsys.readouterr().out


def test_a_failing_check_logs_only_the_kind_of_error(client, beat_on_time, monkeypatch, caplog):
    def database():
        raise OperationalError("password=x")

    monkeypatch.setitem(health.CHECKS, "database", database)
    client.get("/readyz")
    [record] = [r for r in caplog.records if r.name == "ops.health"]
    assert record.getMessage() == "Readiness check database failed: OperationalError"
