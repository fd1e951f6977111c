from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_celery_beat.models import PeriodicTask


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def beat_on_time(db):
    """Every enabled schedule ran just now, as a running beat leaves them."""
    PeriodicTask.objects.filter(enabled=True).update(last_run_at=timezone.now())


@pytest.fixture
def database_down(db, monkeypatch):
    """Every query fails as with PostgreSQL stopped; the error text holds a password."""
    from django.db import OperationalError
    from django.db.backends import utils

    def refuse(*args, **kwargs):
        raise OperationalError(
            'connection to server at "db.internal" (10.0.0.7), port 5432 failed: '
            "password=hunter2-secret Connection refused"
        )

    # Undone before the test database rolls back (which needs working cursors).
    with monkeypatch.context() as patch:
        patch.setattr(utils.CursorWrapper, "execute", refuse)
        patch.setattr(utils.CursorWrapper, "executemany", refuse)
        patch.setattr(utils.CursorDebugWrapper, "execute", refuse)
        yield


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)
