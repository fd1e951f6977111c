"""JSON log lines, request ids on every line, and the id carried into enqueued tasks."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from ops import context, task_events
from ops.logs import JsonLineFormatter, RequestContextFilter, logging_config

ROOT = Path(__file__).resolve().parents[2]


def formatted(record: logging.LogRecord) -> dict:
    RequestContextFilter().filter(record)
    line = JsonLineFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def record(message="Scan finished", *args, **extra) -> logging.LogRecord:
    made = logging.getLogger("freshness.scan").makeRecord(
        "freshness.scan", logging.INFO, __file__, 1, message, args, None, extra=extra
    )
    return made


def test_a_json_line_has_the_fixed_fields():
    line = formatted(record("Raised %s flags", 3, raised=3))
    assert line["level"] == "INFO"
    assert line["logger"] == "freshness.scan"
    assert line["message"] == "Raised 3 flags"
    assert line["raised"] == 3
    assert line["time"].endswith("+00:00")
    assert "request_id" not in line  # outside a request, none


def test_a_json_line_carries_the_request_id():
    token = context.request_id.set("abc123def456")
    try:
        line = formatted(record())
    finally:
        context.request_id.reset(token)
    assert line["request_id"] == "abc123def456"


def test_an_exception_stays_on_one_line():
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        made = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "Failed", (), sys.exc_info()
        )
    line = formatted(made)
    assert "ValueError: bad\nthing" in line["exc_info"]


def test_the_text_format_shows_the_request_id_too():
    config = logging_config(log_format="text", level="INFO")
    assert "%(request_id)s" in config["formatters"]["default"]["format"]
    assert config["handlers"]["console"]["filters"] == ["request_context"]


def test_an_unknown_log_format_is_refused_at_start_up():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["LOG_FORMAT"] = "xml"
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT must be 'text' or 'json', not 'xml'" in result.stderr


@pytest.mark.django_db
def test_a_request_gets_an_id_echoed_in_the_response(client, caplog):
    caplog.set_level(logging.INFO, logger="ops.request")
    response = client.get("/advisory-board/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = [r for r in caplog.records if r.name == "ops.request"]
    assert line.request_id == request_id
    assert (line.method, line.path, line.view, line.status) == (
        "GET",
        "/advisory-board/",
        "readers:board",
        200,
    )


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept(client):
    response = client.get("/advisory-board/", HTTP_X_REQUEST_ID="lb-7f3a9c2e-0001")
    assert response["X-Request-ID"] == "lb-7f3a9c2e-0001"


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["short", "has spaces in it", "x" * 65, 'quote"d-12345'])
def test_an_unlikely_request_id_is_replaced(client, sent):
    response = client.get("/advisory-board/", HTTP_X_REQUEST_ID=sent)
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32


def test_enqueueing_puts_the_request_id_in_the_task_headers():
    headers = {}
    token = context.request_id.set("req-0001-abcdef")
    try:
        task_events.on_publish(sender="review.tasks.send_notification_task", headers=headers)
    finally:
        context.request_id.reset(token)
    assert headers == {"request_id": "req-0001-abcdef"}


def test_a_task_logs_under_the_request_id_it_was_sent_with(caplog):
    task = SimpleNamespace(
        name="review.tasks.send_notification_task",
        request=SimpleNamespace(request_id="req-0001-abcdef", is_eager=False),
    )
    task_events.on_prerun(task_id="t-1", task=task)
    try:
        line = formatted(record("Sending"))
    finally:
        task_events.on_postrun(task_id="t-1", task=task, state="SUCCESS")
    assert line["request_id"] == "req-0001-abcdef"
    assert line["task"] == "review.tasks.send_notification_task"
    assert line["task_id"] == "t-1"
    # After the task, the worker's context is as before.
    assert context.request_id.get() == ""
    assert context.task_fields.get() == {}
