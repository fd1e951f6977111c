"""Cached public pages (Redis when ``REDIS_URL`` is set, local memory otherwise).

A cached page is stored under a key that holds the site's *content generation*: a number
bumped (after commit) whenever anything a public page shows changes — an article or its
topics or related questions, a new approved version, a reference, a board member, the
policy page (``readers.signals``). Old entries are never looked up again and expire.

Pages hold no per-reader data but the audience choice, which is part of the key (and of
``Vary: Cookie``): the readers' forms, which need a per-reader CSRF token, are pages of
their own and never cached. A hit is served as stored, with no per-reader work.

Each process also keeps the pages it served last in memory (``LOCAL_PAGES`` of them),
under the same keys, so a hit need not fetch the page over the network; what it must know
is the current generation. ``READERS_GENERATION_CHECK_SECONDS`` (default 1) lets a process
use the generation it read for that long: a save is then seen at once by the process that
made it and within a second by every other one, and a hit costs no network round trip at
all. 0 reads the generation on every request (every process sees every save at once, at
the cost of one small read of Redis per page served). A generation starts at a random
number, not at 1, so a cleared cache never brings back keys a process still holds.

When a dependency is down, readers are served what can be served:
- the database unreachable: a page that is not in the cache under the current generation
  is served from its *last good copy* (kept for ``READERS_STALE_PAGE_SECONDS`` under a key
  without the generation), marked ``X-Page-Cache: stale``, with a log line; with no copy
  the error goes on to the "temporarily unavailable" page (``ops.views.server_error``);
- the cache unreachable (Redis restarting): pages are rendered from the database,
  uncached, with a log line; a save's generation bump that cannot reach Redis is logged
  (a restarted Redis starts a new generation anyway).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from redis.exceptions import RedisError

from .audience import chosen

GENERATION_KEY = "readers:generation"
LOCAL_PAGES = 256
logger = logging.getLogger(__name__)
# What an unreachable cache or database raises (a bad query is not among them).
CACHE_DOWN = (RedisError, OSError)
DATABASE_DOWN = (OperationalError, InterfaceError)


def _fresh() -> int:
    """A new generation: random, so a cleared cache never brings back keys still held."""
    return secrets.randbits(60)


# The generation this process read last, and until when (monotonic clock) it may be used
# without reading it again (settings.READERS_GENERATION_CHECK_SECONDS).
_last_read = {"value": 0, "until": 0.0}


def generation() -> int:
    asked = time.monotonic()
    if asked < _last_read["until"]:
        return _last_read["value"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh(), timeout=None)
        value = cache.get(GENERATION_KEY)
    # The window counts from when the value was asked for, not from when it arrived: on a
    # busy machine the answer can wait for the process to be scheduled, and it may be
    # older than its arrival by then; a save bumped before the question is in it.
    _last_read["value"] = int(value)
    _last_read["until"] = asked + settings.READERS_GENERATION_CHECK_SECONDS
    return int(value)


def bump() -> None:
    """Every cached page becomes stale (its key is never asked for again)."""
    _last_read["until"] = 0.0  # this process sees its own saves at once
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, _fresh(), timeout=None)
    except CACHE_DOWN:
        logger.warning("Page cache unreachable: the generation was not bumped", exc_info=True)


class _LocalPages:
    """The last ``size`` pages this process served, by key (least recently used go), each
    for ``READERS_CACHE_SECONDS`` at most, like the shared cache's copy (a page can change
    with time alone: a correction notice ends, an article expires)."""

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict[str, tuple[float, tuple]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return entry[1]

    def put(self, key: str, value: tuple) -> None:
        with self.lock:
            self.pages[key] = (time.monotonic() + settings.READERS_CACHE_SECONDS, value)
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_local = _LocalPages(LOCAL_PAGES)


def _get(key: str):
    hit = _local.get(key)
    if hit is None:
        hit = cache.get(key)
        if hit is not None:
            _local.put(key, hit)
    return hit


def page_key(path: str, audience: str = "") -> str:
    """The key of a page: the content generation, the path, and the reader's audience
    choice (the same address shows the clinician or the plain-language text)."""
    digest = hashlib.sha256(path.encode()).hexdigest()[:40]
    return f"readers:page:{generation()}:{audience or 'any'}:{digest}"


def last_good_key(path: str, audience: str = "") -> str:
    """The key of a page's last good copy, whatever the generation (see the module doc)."""
    digest = hashlib.sha256(path.encode()).hexdigest()[:40]
    return f"readers:last:{audience or 'any'}:{digest}"


def _render_or_last_good(view, request, args, kwargs, path, audience):
    """The view's response; with the database unreachable, the page's last good copy."""
    try:
        return view(request, *args, **kwargs)
    except DATABASE_DOWN:
        try:
            stored = cache.get(last_good_key(path, audience))
        except CACHE_DOWN:
            stored = None
        if stored is None:
            raise
        logger.warning("Database unreachable: served the last good copy of %s", path)
        status, content_type, body = stored
        response = HttpResponse(body, status=status, content_type=content_type)
        response["X-Page-Cache"] = "stale"
        return response


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
        path, audience = request.get_full_path(), chosen(request)
        try:
            key = page_key(path, audience) if enabled else ""
            hit = _get(key) if enabled else None
        except CACHE_DOWN:
            logger.warning("Page cache unreachable: rendering %s uncached", path)
            enabled, hit = False, None
        if hit is not None:
            status, content_type, body = hit
            response = HttpResponse(body, status=status, content_type=content_type)
            response["X-Page-Cache"] = "hit"
        else:
            response = _render_or_last_good(view, request, args, kwargs, path, audience)
            if (
                not enabled
                or response.status_code not in (200, 410)
                or response.streaming
                or response.has_header("X-Page-Cache")
            ):
                patch_vary_headers(response, ["Cookie"])
                return response
            if hasattr(response, "render"):
                response.render()
            stored = (response.status_code, response["Content-Type"], response.content)
            try:
                cache.set(key, stored, settings.READERS_CACHE_SECONDS)
                cache.set(
                    last_good_key(path, audience), stored, settings.READERS_STALE_PAGE_SECONDS
                )
            except CACHE_DOWN:
                logger.warning("Page cache unreachable: %s not stored", path)
            _local.put(key, stored)
            response["X-Page-Cache"] = "miss"
        patch_vary_headers(response, ["Cookie"])  # the audience choice is a cookie
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper
