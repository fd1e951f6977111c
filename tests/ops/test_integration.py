"""A request id reaches a task run by a real Celery worker over the Redis at REDIS_URL."""

import time

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from config.celery import app as celery_app
from ops import context
from review.tasks import send_notification_task
from tests.review.helpers import celery_config

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_worker_runs_the_task_under_the_request_id_that_enqueued_it():
    seen = []

    def record(task=None, **kwargs):
        # Connected after ops' own handler, so it sees the context that handler set.
        seen.append((task.name, context.request_id.get(), context.task_fields.get()))

    signals.task_prerun.connect(record, weak=False)
    try:
        with (
            celery_config(task_always_eager=False, broker_url=settings.REDIS_URL),
            start_worker(
                celery_app,
                pool="solo",
                concurrency=1,
                perform_ping_check=False,
                loglevel="WARNING",
                shutdown_timeout=10,
            ),
        ):
            token = context.request_id.set("req-integration-0001")
            try:
                send_notification_task.delay(0)  # no such row: the task returns quietly
            finally:
                context.request_id.reset(token)
            deadline = time.monotonic() + 20
            while not seen and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        signals.task_prerun.disconnect(record)

    [(name, request_id, fields)] = seen
    assert name == "review.tasks.send_notification_task"
    assert request_id == "req-integration-0001"
    assert fields["task"] == name and fields["task_id"]
