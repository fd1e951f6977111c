"""The client's address, the same way the reader forms' rate limit reads it."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address, or ``None`` when the request carries none that is valid.

    Behind a proxy (``READERS_TRUSTED_PROXY``), the last ``X-Forwarded-For`` entry: the one
    the proxy added. A client can put anything in the entries before it, so those are
    never used, and without a trusted proxy the header is ignored altogether. Something
    that is not an address (a forged header, a request built in code) falls back to the
    connection's address, then to ``None``: it must never reach django-axes' address
    column, which PostgreSQL checks.
    """
    if settings.READERS_TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = _valid(forwarded.split(",")[-1])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR", "") or "")
