"""The deployment files and settings: compose stack, production settings, demo content."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from articles.models import Article, PublishedVersion

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_stack(compose):
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"].startswith("redis:7")
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert "celery -A config beat" in services["beat"]["command"]
    assert "DatabaseScheduler" in services["beat"]["command"]


def test_compose_services_have_health_checks_and_wait_for_them(compose):
    services = compose["services"]
    for name in ("web", "worker", "db", "redis"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"


def test_env_example_documents_every_variable_the_settings_read():
    documented = (ROOT / ".env.example").read_text()
    settings_text = "".join(p.read_text() for p in (ROOT / "config/settings").glob("*.py"))
    import re

    read = set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', settings_text))
    missing = {name for name in read if name not in documented}
    assert not missing, f"variables read by settings but not in .env.example: {sorted(missing)}"


def test_postgresql_connections_prepare_statements_unless_switched_off(monkeypatch):
    from config.settings import base

    postgres = {"ENGINE": "django.db.backends.postgresql"}
    assert base.database_options(dict(postgres))["OPTIONS"]["prepare_threshold"] == 1
    assert "OPTIONS" not in base.database_options({"ENGINE": "django.db.backends.sqlite3"})
    monkeypatch.setattr(base, "DATABASE_PREPARED_STATEMENTS", False)
    assert "prepare_threshold" not in base.database_options(dict(postgres))["OPTIONS"]


def _manage(*args, env_overrides):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE belongs to the test process, not to a
    # production start-up.
    dropped = {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "a" * 20 + "-Zq8#kP2!vR5@wL9$xT3%mN6^bH1&cJ4*",
            "ALLOWED_HOSTS": "editorial.example.org",
            "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_settings_refuse_to_start_without_secrets():
    result = _manage(
        "check",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "ALLOWED_HOSTS": "editorial.example.org",
        },
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_demo_content_loads_twice_without_duplicates(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    counts = (Article.objects.count(), PublishedVersion.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (Article.objects.count(), PublishedVersion.objects.count()) == counts
    statuses = set(Article.objects.values_list("status", flat=True))
    assert counts[0] == 5
    assert {"approved", "under_review", "submitted", "draft"} <= statuses
    # The approved demo article went through the board and cites the library.
    live = PublishedVersion.objects.get(article__status="approved")
    assert live.reviewers[0]["credentials"] == "MD, PhD"
    assert [r["number"] for r in live.references] == [1, 2, 3]
    assert '<sup class="citation">' in live.body_html
