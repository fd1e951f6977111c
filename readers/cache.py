"""Cached public pages (Redis when ``REDIS_URL`` is set, local memory otherwise).

A cached page is stored under a key that holds the site's *content generation*: a number
bumped (after commit) whenever anything a public page shows changes — an article or its
topics or related questions, a new approved version, a reference, a board member, the
policy page (``readers.signals``). Old entries are never looked up again and expire.

Pages hold no per-reader data, except the CSRF token of the article page's forms: the
cached HTML carries a placeholder, replaced with the reader's own token on every response.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "readers:generation"
CSRF_PLACEHOLDER = "__READERS_CSRF_TOKEN__"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def bump() -> None:
    """Every cached page becomes stale (its key is never asked for again)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def page_key(path: str) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()[:40]
    return f"readers:page:{generation()}:{digest}"


def cached_page(view):
    """Serve anonymous GETs of a public page from the cache (HTML, status, content type)."""

    def wrapper(request, *args, **kwargs):
        # Searches and unknown addresses are not cached: anyone could fill the cache with
        # endless variations of them.
        enabled = (
            settings.READERS_CACHE_SECONDS > 0
            and request.method == "GET"
            and "q" not in request.GET
        )
        key = page_key(request.get_full_path()) if enabled else ""
        hit = cache.get(key) if enabled else None
        if hit is not None:
            status, content_type, body = hit
            response = HttpResponse(status=status, content_type=content_type)
            response["X-Page-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if enabled and response.status_code in (200, 410) and not response.streaming:
                if hasattr(response, "render"):
                    response.render()
                body = response.content
                cache.set(
                    key,
                    (response.status_code, response["Content-Type"], body),
                    settings.READERS_CACHE_SECONDS,
                )
                response["X-Page-Cache"] = "miss"
            else:
                return response
        if _PLACEHOLDER_BYTES in body:
            body = body.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, private=True)
        response.content = body
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper
