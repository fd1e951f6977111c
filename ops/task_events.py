"""Celery signal handlers: request ids into task headers and back out, task metrics, and
the runs of watched jobs (for readiness).

- ``before_task_publish`` (the enqueuing process) puts the current request id in the
  message's headers; ``task_prerun`` (the worker) makes it the current one while the task
  runs, with the task's name and id, so every log line of the task carries them.
  A task run in-process (no broker) simply inherits the caller's context.
- ``task_prerun`` / ``task_postrun`` time each task and count it by outcome.
"""

from __future__ import annotations

import logging
import time

from celery import signals
from django.db import DatabaseError
from django.utils import timezone

from . import context, metrics

logger = logging.getLogger(__name__)
HEADER = "request_id"
_started: dict[str, tuple[float, list]] = {}


def on_publish(sender=None, headers=None, **kwargs) -> None:
    name = sender if isinstance(sender, str) else getattr(sender, "name", str(sender))
    metrics.TASKS_SENT.labels(task=name).inc()
    current = context.request_id.get()
    if headers is not None and current and not headers.get(HEADER):
        headers[HEADER] = current


def on_prerun(sender=None, task_id=None, task=None, **kwargs) -> None:
    request = getattr(task, "request", None)
    sent = getattr(request, HEADER, None) or (request.get(HEADER) if request else None)
    tokens = []
    if sent and not getattr(request, "is_eager", False):
        tokens.append((context.request_id, context.request_id.set(str(sent))))
    fields = {"task": task.name, "task_id": task_id}
    tokens.append((context.task_fields, context.task_fields.set(fields)))
    _started[task_id] = (time.monotonic(), tokens)
    logger.info("Task %s[%s] started", task.name, task_id)
    if task.name in _watched():
        _record(task.name, started=True)


def on_postrun(sender=None, task_id=None, task=None, state=None, **kwargs) -> None:
    started, tokens = _started.pop(task_id, (None, []))
    outcome = (state or "unknown").lower()
    metrics.TASKS.labels(task=task.name, outcome=outcome).inc()
    if started is not None:
        metrics.TASK_SECONDS.labels(task=task.name).observe(time.monotonic() - started)
    if task.name in _watched():
        _record(task.name, succeeded=state == "SUCCESS")
    for var, token in reversed(tokens):
        var.reset(token)


def _watched() -> set[str]:
    from .health import WATCHED_TASKS

    return WATCHED_TASKS


def _record(name: str, *, started: bool = False, succeeded: bool = False) -> None:
    from .models import TaskRun

    now = timezone.now()
    try:
        if started:
            run, created = TaskRun.objects.get_or_create(
                task=name, defaults={"first_started_at": now, "last_started_at": now}
            )
            if not created:
                TaskRun.objects.filter(pk=run.pk).update(last_started_at=now)
        elif succeeded:
            TaskRun.objects.filter(task=name).update(succeeded_at=now)
        else:
            TaskRun.objects.filter(task=name).update(failed_at=now)
    except DatabaseError:
        logger.warning("Could not record the run of %s", name, exc_info=True)


def connect() -> None:
    signals.before_task_publish.connect(on_publish, dispatch_uid="ops.publish", weak=False)
    signals.task_prerun.connect(on_prerun, dispatch_uid="ops.prerun", weak=False)
    signals.task_postrun.connect(on_postrun, dispatch_uid="ops.postrun", weak=False)
    signals.worker_init.connect(empty_worker_metrics, dispatch_uid="ops.metrics.empty", weak=False)
    signals.worker_ready.connect(start_worker_metrics, dispatch_uid="ops.metrics", weak=False)


def empty_worker_metrics(sender=None, **kwargs) -> None:
    """A worker serving metrics starts its pool's figures from nothing (before it forks)."""
    import os
    from pathlib import Path

    from django.conf import settings

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not (settings.CELERY_METRICS_PORT and folder):
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for stale in Path(folder).glob("*.db"):
        stale.unlink()


def start_worker_metrics(sender=None, **kwargs) -> None:
    """With ``CELERY_METRICS_PORT`` set, the worker serves its pool's metrics there."""
    import os

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from prometheus_client import start_http_server

    port = settings.CELERY_METRICS_PORT
    if not port:
        return
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        raise ImproperlyConfigured(
            "CELERY_METRICS_PORT needs PROMETHEUS_MULTIPROC_DIR: the worker's pool processes "
            "write their figures there for the worker to serve."
        )
    registry = metrics.process_registry()
    start_http_server(port, addr=settings.CELERY_METRICS_ADDRESS, registry=registry)
    logger.info("Worker metrics on %s:%s", settings.CELERY_METRICS_ADDRESS, port)
