"""Log lines: one JSON object per event when ``LOG_FORMAT=json``, plain text otherwise.

Every record gets ``request_id`` (the web request, or the request that enqueued the task
being run) and, inside a task, ``task`` and ``task_id``; ``RequestContextFilter`` adds
them, so the text format can print them too. The JSON formatter is python-json-logger's,
with fixed field names an aggregator can index: ``time`` (ISO 8601, UTC), ``level``,
``logger``, ``message``, then whatever the call passed in ``extra``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter

from .context import request_id, task_fields


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get()
        for name, value in task_fields.get().items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


class JsonLineFormatter(JsonFormatter):
    """One line of JSON per record."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", False)
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        log_data["time"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(
            timespec="milliseconds"
        )
        super().add_fields(log_data, record, message_dict)
        if not log_data.get("request_id"):
            log_data.pop("request_id", None)


def logging_config(*, log_format: str, level: str) -> dict:
    """The ``LOGGING`` setting: the console, in the chosen format, with request context."""
    formatter = (
        {"()": "ops.logs.JsonLineFormatter"}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "ops.logs.RequestContextFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["request_context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
