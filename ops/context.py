"""The request id of the work in progress: a web request, or a task it enqueued.

A request takes the id its client or proxy sent in ``X-Request-ID`` (when it looks like
one) or gets a new one; it is echoed in the response, put on every log line written while
the request runs, and carried in the headers of every task the request enqueues, so the
task's log lines carry it too (``ops.task_events``).
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

HEADER = "HTTP_X_REQUEST_ID"
RESPONSE_HEADER = "X-Request-ID"
# What a request id from outside may look like: short, and nothing a log reader could
# mistake for structure (no spaces, quotes or control characters).
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{8,64}")

request_id: ContextVar[str] = ContextVar("request_id", default="")
task_fields: ContextVar[dict] = ContextVar("task_fields", default={})  # noqa: B039 - never mutated


def new_request_id() -> str:
    return uuid.uuid4().hex


def incoming_request_id(meta: dict) -> str:
    """The id the client sent, if acceptable, else a new one."""
    sent = meta.get(HEADER, "")
    return sent if ACCEPTED.fullmatch(sent) else new_request_id()
