"""The tasks are thin: they run the same code as the commands (eager here)."""

import pytest
from django.db import OperationalError

from freshness import tasks
from freshness.models import Reason, StaleFlag
from references.data import Kind
from tests.freshness.helpers import draft_citing
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


def test_scan_task_raises_flags_and_is_idempotent(editor):
    ReferenceFactory(key="idsa2014", kind=Kind.GUIDELINE, year=2014)
    draft_citing(editor, "[@idsa2014]")
    tasks.scan_stale_content_task.delay()
    tasks.scan_stale_content_task.delay()
    assert StaleFlag.objects.open().filter(reason=Reason.REFERENCE_OUTDATED).count() == 1


def test_check_task_respects_the_off_switch(settings):
    settings.REFERENCE_STATUS_CHECKS_ENABLED = False
    result = tasks.check_reference_status_task.apply()
    assert "switched off" in result.result


def test_tasks_retry_only_transient_errors():
    for task in (
        tasks.scan_stale_content_task,
        tasks.check_reference_status_task,
        tasks.send_stale_digest_task,
    ):
        assert task.acks_late
        assert OperationalError in task.autoretry_for
        assert ValueError not in task.autoretry_for
