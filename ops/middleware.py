"""The first middleware: request id, health answers, request metrics and the access log.

It runs before every other middleware so that:
- ``/healthz`` and ``/readyz`` answer a load balancer or an orchestrator whatever Host
  header or scheme its probe uses (they are answered here, before host validation and the
  HTTPS redirect, and hold nothing a stranger could use);
- ``/metrics`` is answered here too for a scraper on ``METRICS_ALLOWED_NETWORKS``
  (scrapers address a process by IP and port); anyone else goes on to the URL view,
  which lets staff in and refuses the rest;
- every response is counted and timed, and logged as one line, with its request id.
"""

from __future__ import annotations

import logging
import time

from . import context, metrics, views

logger = logging.getLogger("ops.request")

EARLY = {"/healthz": views.healthz, "/readyz": views.readyz}


class ObservabilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.request_id = context.incoming_request_id(request.META)
        token = context.request_id.set(request.request_id)
        try:
            early = EARLY.get(request.path_info)
            if early is None and request.path_info == views.METRICS_PATH:
                early = views.metrics_view if views.from_metrics_network(request) else None
            response = early(request) if early else self.get_response(request)
            view = _view_name(request, early)
            elapsed = time.monotonic() - started
            response[context.RESPONSE_HEADER] = request.request_id
            metrics.REQUESTS.labels(view, request.method, str(response.status_code)).inc()
            metrics.REQUEST_SECONDS.labels(view, request.method).observe(elapsed)
            if early is None:
                logger.info(
                    "%s %s %s",
                    request.method,
                    request.path_info,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path_info,
                        "view": view,
                        "status": response.status_code,
                        "duration_ms": round(elapsed * 1000, 1),
                    },
                )
            return response
        finally:
            context.request_id.reset(token)


def _view_name(request, early) -> str:
    if early is not None:
        return early.__name__
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or "<unnamed>"
