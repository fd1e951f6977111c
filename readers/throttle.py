"""A per-IP rate limit for what readers send, counted in the cache (Redis when configured).

A fixed window: at most ``READERS_SUBMISSIONS_PER_HOUR`` reports and questions together
per client address per hour. The counter lives in the cache, so every web worker shares it
when the cache is Redis; with the local-memory cache it is per process (fine locally).
With the cache unreachable (Redis restarting) the limit is not applied, with a log line:
a reader's report of a clinical error matters more than the limit.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from .cache import CACHE_DOWN

WINDOW_SECONDS = 3600
logger = logging.getLogger(__name__)


def _key(client: str, window: int) -> str:
    # The address is hashed: the cache never holds readers' IP addresses in clear.
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    return f"readers:throttle:{digest}:{window}"


def take(client: str) -> bool:
    """Count one submission from ``client``; False when the limit is already reached."""
    window = int(time.time()) // WINDOW_SECONDS
    key = _key(client, window)
    try:
        cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
            count = 1
    except CACHE_DOWN:
        logger.warning("Cache unreachable: a reader submission was accepted without the limit")
        return True
    return count <= settings.READERS_SUBMISSIONS_PER_HOUR
