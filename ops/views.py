"""Health, readiness and metrics endpoints, and the "temporarily unavailable" page."""

from __future__ import annotations

import ipaddress
import logging
import sys

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from . import health, metrics

logger = logging.getLogger(__name__)
METRICS_PATH = "/metrics"
METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REFUSED = (
    "Metrics are shown to staff with the “view metrics” permission and to the networks in "
    "METRICS_ALLOWED_NETWORKS only."
)


def _json(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


def healthz(request):
    """The process is up and answers (no I/O: a database outage is ``/readyz``'s news)."""
    return _json({"status": "ok"})


def readyz(request):
    """The database, cache and broker answer, and beat and the scan are on time."""
    ready, body = health.readiness()
    return _json(body, status=200 if ready else 503)


def from_metrics_network(request) -> bool:
    try:
        client = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(client in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


def metrics_view(request):
    if not settings.METRICS_ENABLED:
        return HttpResponse(
            "Metrics are switched off (METRICS_ENABLED).", status=404, content_type="text/plain"
        )
    allowed = from_metrics_network(request) or (
        request.user.is_authenticated
        and request.user.is_staff
        and request.user.has_perm("ops.view_metrics")
    )
    if not allowed:
        return HttpResponse(REFUSED, status=403, content_type="text/plain; charset=utf-8")
    response = HttpResponse(metrics.exposition(domain=True), content_type=METRICS_CONTENT_TYPE)
    add_never_cache_headers(response)
    return response


def server_error(request, *args, **kwargs):
    """The 500 handler: a database or cache outage becomes a 503 "temporarily unavailable"
    page; any other error stays a 500.

    Rendered without the request's context processors (they may need the database).
    """
    outage = _outage(sys.exc_info()[1])
    if outage is None:
        return defaults.server_error(request, *args, **kwargs)
    logger.warning("%s unavailable: answered %s with 503", outage, request.path_info)
    response = HttpResponse(render_to_string("ops/unavailable.html"), status=503)
    response["Retry-After"] = "30"
    add_never_cache_headers(response)
    return response


def _outage(error) -> str | None:
    """Which service is out, for a lost or refused connection (a bad query is not one)."""
    from django.db import InterfaceError, OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    if isinstance(error, InterfaceError | OperationalError):
        return "Database"
    if isinstance(error, RedisConnectionError | RedisTimeoutError):
        return "Cache"
    return None
