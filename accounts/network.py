"""The client's address, the same way the reader forms' rate limit reads it."""

from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    """Behind a proxy (``READERS_TRUSTED_PROXY``), the last ``X-Forwarded-For`` entry:
    the one the proxy added. A client can put anything in the entries before it, so those
    are never used, and without a trusted proxy the header is ignored altogether."""
    if settings.READERS_TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
