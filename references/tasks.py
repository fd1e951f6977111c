"""Thin tasks: take ids, re-fetch, return quietly if the row is gone, call a service."""

from __future__ import annotations

from celery import shared_task

from . import services
from .models import ReferenceImport


@shared_task(acks_late=True, ignore_result=True)
def import_references_task(job_id: int) -> None:
    """Import a large reference file (idempotent: a finished job is left as it is)."""
    job = ReferenceImport.objects.filter(pk=job_id).first()
    if job is None:
        return
    services.reference_import_run(job=job)
