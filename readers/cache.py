"""Cached public pages (Redis when ``REDIS_URL`` is set, local memory otherwise).

A cached page is stored under a key that holds the site's *content generation*: a number
bumped (after commit) whenever anything a public page shows changes — an article or its
topics or related questions, a new approved version, a reference, a board member, the
policy page (``readers.signals``). Old entries are never looked up again and expire.

Pages hold no per-reader data but the audience choice, which is part of the key (and of
``Vary: Cookie``): the readers' forms, which need a per-reader CSRF token, are pages of
their own and never cached. A hit is served as stored, with no per-reader work.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from .audience import chosen

GENERATION_KEY = "readers:generation"


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


def page_key(path: str, audience: str = "") -> str:
    """The key of a page: the content generation, the path, and the reader's audience
    choice (the same address shows the clinician or the plain-language text)."""
    digest = hashlib.sha256(path.encode()).hexdigest()[:40]
    return f"readers:page:{generation()}:{audience or 'any'}:{digest}"


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
        key = page_key(request.get_full_path(), chosen(request)) if enabled else ""
        hit = cache.get(key) if enabled else None
        if hit is not None:
            status, content_type, body = hit
            response = HttpResponse(body, status=status, content_type=content_type)
            response["X-Page-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if not enabled or response.status_code not in (200, 410) or response.streaming:
                patch_vary_headers(response, ["Cookie"])
                return response
            if hasattr(response, "render"):
                response.render()
            cache.set(
                key,
                (response.status_code, response["Content-Type"], response.content),
                settings.READERS_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        patch_vary_headers(response, ["Cookie"])  # the audience choice is a cookie
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper
