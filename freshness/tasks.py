"""Thin tasks: call the same code as the management commands. Idempotent (the scan's
partial unique index, the status fields, the reminder marks on flags), so ``acks_late`` is
safe. Only transient errors (the database or broker unreachable) are retried, with backoff.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
    ignore_result=True,
)
def scan_stale_content_task() -> str:
    from .scan import stale_scan

    return str(stale_scan())


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=3,
    ignore_result=True,
)
def check_reference_status_task(keys: list[str] | None = None) -> str:
    from .checking.run import reference_status_check

    return str(reference_status_check(keys=keys))


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=60,
    max_retries=3,
    ignore_result=True,
)
def send_stale_digest_task(weekly: bool = True) -> dict:
    from .services import stale_digest_send

    return stale_digest_send(weekly=weekly)
