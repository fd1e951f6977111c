"""Read responses cached like the public pages, with ETag / Last-Modified and 304s.

A response is stored under the site's content generation (``readers.cache``): any save
that changes a public page changes the key, so the API never serves what the pages no
longer show. Each process also keeps its last responses in memory, as the pages do. Only
unparameterised lists and single resources are stored (searches, cursors and
``updated_since`` would let anyone fill the cache with endless variations); every
response still carries a strong ``ETag`` (SHA-256 of its body) and, where the resource has
one, ``Last-Modified``, so a client revalidating gets a 304 without the body.
``Cache-Control: public, no-cache``: intermediaries may keep a copy but must revalidate it,
so a withdrawn article disappears from them on the next request.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.http import http_date, parse_http_date_safe

from readers.cache import CACHE_DOWN, LOCAL_PAGES, _LocalPages, generation

from .exceptions import ApiProblem

logger = logging.getLogger(__name__)
_local = _LocalPages(LOCAL_PAGES)
PROBLEM_TYPE = "application/problem+json"


def to_json(data) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def problem_response(problem: ApiProblem) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "errors": problem.errors,
    }
    response = HttpResponse(to_json(body), status=problem.status, content_type=PROBLEM_TYPE)
    for name, value in problem.headers.items():
        response[name] = value
    return response


def _key(path: str) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()[:40]
    return f"api:v1:{generation()}:{digest}"


def _render(build, schema) -> tuple:
    try:
        data, modified = build()
    except ApiProblem as problem:
        response = problem_response(problem)
        return (response.status_code, PROBLEM_TYPE, response.content, None, "")
    body = to_json(schema.model_validate(data).model_dump(mode="json"))
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    return (
        200,
        "application/json",
        body,
        http_date(modified.timestamp()) if modified else None,
        etag,
    )


def _not_modified(request, etag: str, last_modified: str | None) -> bool:
    wanted = request.headers.get("If-None-Match")
    if wanted is not None:
        tags = {t.strip().removeprefix("W/") for t in wanted.split(",")}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    modified = parse_http_date_safe(last_modified or "")
    return since is not None and modified is not None and modified <= since


def cached_json(request, build, schema, *, store: bool = True) -> HttpResponse:
    """The JSON of ``build()`` (``(data, last_modified)``) validated by ``schema``."""
    enabled = store and settings.READERS_CACHE_SECONDS > 0
    path = request.get_full_path()
    hit, key = None, ""
    if enabled:
        try:
            key = _key(path)
            hit = _local.get(key)
            if hit is None:
                hit = cache.get(key)
                if hit is not None:
                    _local.put(key, hit)
        except CACHE_DOWN:
            logger.warning("Cache unreachable: answering %s uncached", path)
            enabled = False
    state = "hit" if hit is not None else ("miss" if enabled else "off")
    if hit is None:
        hit = _render(build, schema)
        if enabled and hit[0] in (200, 410):
            _local.put(key, hit)
            try:
                cache.set(key, hit, settings.READERS_CACHE_SECONDS)
            except CACHE_DOWN:
                logger.warning("Cache unreachable: %s not stored", path)
    status, content_type, body, last_modified, etag = hit
    if status == 200 and _not_modified(request, etag, last_modified):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, status=status, content_type=content_type)
    if status == 200:
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = last_modified
        response["Cache-Control"] = "public, no-cache"
    response["X-Page-Cache"] = state
    return response
