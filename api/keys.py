"""Creating, revoking and checking API keys, and their rate limit.

The admin creates and revokes keys through these functions; the ingest API checks every
call with ``api_key_authenticate``. A key reads ``mrk_<prefix>_<secret>``: the prefix is
stored in clear to tell keys apart in lists and logs, the whole key only as SHA-256.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.exceptions import ActionForbidden, ArticleError

from .exceptions import ApiProblem
from .models import ApiKey, KeyScope

KEY_PREFIX = "mrk"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", errors="replace")).hexdigest()


def _may_manage_keys(actor) -> bool:
    return bool(actor and actor.is_active and actor.has_perm("api.add_apikey"))


def api_key_problem(*, name: str, user, scope: str) -> str | None:
    """Why a key with these values cannot be made (``None``: it can); the admin's form
    asks this too, so its message is the service's."""
    name = (name or "").strip()
    if not name:
        return "Give the key a name that says who uses it."
    if ApiKey.objects.filter(name=name).exists():
        return f"A key named “{name}” exists already: choose another name."
    if not (user and user.is_active and user.is_staff):
        return "A key acts as an active staff account: choose one."
    if scope not in KeyScope.values:
        return f"Unknown scope “{scope}”."
    return None


@transaction.atomic
def api_key_create(*, actor, name: str, user, scope: str = KeyScope.DRAFTS) -> tuple[ApiKey, str]:
    """A new key for ``user`` (a staff account); returns the key and its secret, shown once."""
    if not _may_manage_keys(actor):
        raise ActionForbidden("Your role does not allow you to create API keys.")
    name = (name or "").strip()
    problem = api_key_problem(name=name, user=user, scope=scope)
    if problem:
        raise ArticleError(problem)
    prefix = secrets.token_hex(4)
    raw = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        name=name, user=user, scope=scope, prefix=prefix, key_hash=hash_key(raw), created_by=actor
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, actor, key: ApiKey) -> ApiKey:
    """Revoke ``key`` now: every later call with it is refused. Revoking twice is a no-op."""
    if not (actor and actor.is_active and actor.has_perm("api.change_apikey")):
        raise ActionForbidden("Your role does not allow you to revoke API keys.")
    fresh = ApiKey.objects.select_for_update().get(pk=key.pk)
    if fresh.revoked_at is None:
        fresh.revoked_at = timezone.now()
        fresh.revoked_by = actor
        fresh.save(update_fields=["revoked_at", "revoked_by"])
    return fresh


def api_key_authenticate(raw: str, *, scope: str = KeyScope.DRAFTS) -> ApiKey:
    """The key ``raw`` names, if it may act now; else a 401/403 problem.

    Unknown and revoked keys get the same answer (nothing tells a guesser which is which).
    """
    key = (
        ApiKey.objects.select_related("user").filter(key_hash=hash_key(raw or "")).first()
        if raw
        else None
    )
    if key is None or key.revoked_at is not None:
        raise ApiProblem(
            401,
            "Unauthorised",
            "The API key is missing, unknown or revoked. Send a current key as "
            "“Authorization: Bearer <key>”.",
            headers={"WWW-Authenticate": 'Bearer realm="ingest"'},
        )
    user = key.user
    if not (user.is_active and user.is_staff):
        raise ApiProblem(
            403, "Forbidden", f"The account of the key “{key.name}” is no longer active staff."
        )
    if key.scope != scope:
        raise ApiProblem(403, "Forbidden", f"The key “{key.name}” is not allowed to do this.")
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def rate_limit(key: ApiKey) -> None:
    """At most ``API_INGEST_CALLS_PER_MINUTE`` calls per key per clock minute (shared
    cache, so it holds across processes); past it a 429 problem with ``Retry-After``."""
    limit = settings.API_INGEST_CALLS_PER_MINUTE
    now = time.time()
    window = int(now // 60)
    counter = f"api:rate:{key.pk}:{window}"
    cache.add(counter, 0, timeout=120)
    try:
        calls = cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, timeout=120)
        calls = 1
    if calls > limit:
        retry = max(1, int(60 - now % 60))
        raise ApiProblem(
            429,
            "Too many requests",
            f"The key “{key.name}” may make {limit} calls a minute; try again in {retry} s.",
            headers={"Retry-After": str(retry)},
        )
