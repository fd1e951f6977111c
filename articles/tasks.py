"""Thin tasks: the publishing schedule (embargoed releases, expiries), every minute."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def run_publishing_schedule_task() -> dict[str, int]:
    # Idempotent: a version is released once, an expiry applied once.
    return services.publishing_schedule_run()
