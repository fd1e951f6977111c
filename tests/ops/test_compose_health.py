"""The compose stack's health checks ask the readiness checks, and metrics are shared."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def probe(service) -> str:
    return " ".join(service["healthcheck"]["test"])


def test_web_worker_and_beat_are_healthy_only_when_ready():
    stack = services()
    assert "http://127.0.0.1:8000/readyz" in probe(stack["web"])
    assert "manage.py check_readiness" in probe(stack["worker"])
    assert "celery -A config inspect ping" in probe(stack["worker"])
    assert "manage.py check_readiness" in probe(stack["beat"])
    for name in ("web", "worker", "beat"):
        assert stack[name]["healthcheck"]["start_period"], name


def test_processes_sharing_metrics_start_from_an_empty_directory():
    stack = services()
    assert "rm -rf /tmp/metrics && mkdir -p /tmp/metrics" in stack["web"]["command"]
    for name in ("web", "worker"):  # the worker empties its own (ops.task_events)
        assert stack[name]["environment"]["PROMETHEUS_MULTIPROC_DIR"] == "/tmp/metrics"  # noqa: S108
        # Overriding "environment" replaces the shared one: everything is set again.
        assert stack[name]["environment"]["DJANGO_SETTINGS_MODULE"] == (
            "config.settings.production"
        )
    assert stack["worker"]["environment"]["CELERY_METRICS_PORT"] == "9808"
    assert "ports" not in stack["worker"]  # the compose network's scraper only
