"""Fixtures shared by every test package.

Integration tests (``@pytest.mark.integration``) need live PostgreSQL and/or Redis. They run
whenever ``DATABASE_URL`` points at PostgreSQL and ``REDIS_URL`` is set; otherwise they are
skipped, unless ``REQUIRE_SERVICES=1`` (as in ``.ci/run``), which turns a missing service
into a failure.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

from tests.accounts.signing_in import StaffClient
from tests.articles.factories import UserFactory


def _reachable(url: str, default_port: int) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def services_missing() -> list[str]:
    missing = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing.append("DATABASE_URL does not point at PostgreSQL")
    elif not _reachable(os.environ.get("DATABASE_URL", ""), 5432):
        missing.append("PostgreSQL at DATABASE_URL is not reachable")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        missing.append("REDIS_URL is not set")
    elif not _reachable(redis_url, 6379):
        missing.append("Redis at REDIS_URL is not reachable")
    return missing


def pytest_collection_modifyitems(config, items):
    integration = [item for item in items if item.get_closest_marker("integration")]
    if not integration:
        return
    missing = services_missing()
    if not missing:
        return
    reason = "; ".join(missing)
    if os.environ.get("REQUIRE_SERVICES") == "1":
        raise pytest.UsageError(
            f"REQUIRE_SERVICES=1 but integration services are missing: {reason}"
        )
    for item in integration:
        item.add_marker(pytest.mark.skip(reason=f"integration: {reason}"))


@pytest.fixture(autouse=True)
def _editorial_roles_after_flush(request):
    """Put the roles back for a transactional test (browser, integration).

    Such a test commits, so it may start from a database an earlier one flushed, and the
    roles (groups and their permissions) come from data migrations. ``serialized_rollback``
    does not reliably restore them once ordinary tests have run first, so each app's
    ``roles.sync_*roles`` runs again: idempotent, cheap.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            roles = import_module(f"{config.name}.roles")
        except ModuleNotFoundError:
            continue
        for name in dir(roles):
            if name.startswith("sync_") and name.endswith("roles"):
                getattr(roles, name)(apps)


@pytest.fixture
def client():
    """Django's test client; ``force_login`` signs staff in past the second factor, as a
    person who entered their code is (``second_factor=False``: password only)."""
    return StaffClient()


@pytest.fixture
def editor(db):
    return UserFactory(role="Editors", first_name="Eve", last_name="Editor")


@pytest.fixture
def editor2(db):
    return UserFactory(role="Editors", first_name="Ed", last_name="Writer")


@pytest.fixture
def board_member(db):
    return UserFactory(role="Advisory Board", first_name="Jane", last_name="Roe")


@pytest.fixture
def board_member2(db):
    return UserFactory(role="Advisory Board", first_name="Sam", last_name="Smith")


@pytest.fixture
def admin_user(db):
    return UserFactory(role="Admins", first_name="Ada", last_name="Admin")


@pytest.fixture
def outsider(db):
    """A logged-in user with no editorial role."""
    return UserFactory(is_staff=False)
