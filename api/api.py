"""The content API, version 1: ``/api/v1/`` (OpenAPI at ``/api/v1/openapi.json``, docs at
``/api/v1/docs``).

django-ninja rather than Django REST framework with drf-spectacular: the schemas are
pydantic models that both validate and document (one definition, so the OpenAPI document
cannot drift from what is answered), OpenAPI 3 and the docs page come built in, and a
view is a plain function calling our selectors and services: no serializer and viewset
layer to keep beside them, and fewer dependencies.

Read endpoints are public and answer what the public pages show. The ingest endpoint
needs a staff API key (``Authorization: Bearer …``) and goes through the editors'
services. Every refusal is a problem document (RFC 9457, ``application/problem+json``).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import RequestDataTooBig
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from . import selectors
from .conditional import cached_json, problem_response
from .exceptions import ApiProblem
from .ingest import draft_ingest
from .keys import api_key_authenticate, rate_limit
from .log import log_call
from .schemas import (
    ArticleList,
    ArticleOut,
    BoardOut,
    DraftIn,
    DraftOut,
    PolicyOut,
    Problem,
    ReviewStatus,
)

api = NinjaAPI(
    title="Medical Q&A content API",
    version="1",
    description=(
        "Published articles with their review status, reviewers and evidence; drafts from "
        "upstream writers. Refusals are RFC 9457 problem documents."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
PROBLEMS = {400: Problem, 404: Problem, 410: Problem, 422: Problem}


# --- refusals as problem documents --------------------------------------------------------


@api.exception_handler(ApiProblem)
def _problem(request, exc: ApiProblem):
    external_id = getattr(request, "ingest_external_id", "")
    log_call(request, exc.status, external_id=external_id, outcome=exc.detail)
    return problem_response(exc)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        if loc and loc[0] == "query":
            loc = loc[1:]
        errors.append({"field": ".".join(loc), "reason": error.get("msg", "invalid")})
    detail = "; ".join(f"{e['field'] or 'request'}: {e['reason']}" for e in errors)
    return _problem(request, ApiProblem(422, "Invalid request", f"{detail}.", errors=errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _problem(request, ApiProblem(401, "Unauthorised", "Send an API key.", headers={
        "WWW-Authenticate": 'Bearer realm="ingest"'}))  # fmt: skip


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _problem(request, ApiProblem(exc.status_code, "Refused", str(exc)))


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    detail = "The request body is larger than this server accepts; send less at once."
    return _problem(request, ApiProblem(413, "Request too large", detail))


# --- read ----------------------------------------------------------------------------------


class ListFilters(Schema):
    topic: str = ""
    updated_since: datetime | None = None
    status: ReviewStatus | None = None
    q: str = ""
    cursor: str = ""
    limit: int = selectors.PAGE_SIZE


@api.get("/articles", response={200: ArticleList, **PROBLEMS}, url_name="articles", tags=["read"])
def articles(request, filters: Query[ListFilters]):
    """Articles readers can open (the site's rules), newest first, page by page (cursor).

    Sync a copy with ``updated_since`` (the last change readers see, ISO 8601)."""
    limit = min(max(filters.limit, 1), selectors.MAX_PAGE_SIZE)

    def build():
        items, cursor = selectors.article_list(
            topic=filters.topic[:80],
            updated_since=filters.updated_since,
            status=filters.status or "",
            query=filters.q[:200],
            cursor=filters.cursor[:200],
            limit=limit,
        )
        following = None
        if cursor:
            params = request.GET.copy()
            params["cursor"] = cursor
            following = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        newest = max((i["last_updated"] for i in items), default=None)
        return {"items": items, "next_cursor": cursor, "next": following}, newest

    plain = not (filters.q or filters.cursor or filters.updated_since)
    return cached_json(request, build, ArticleList, store=plain)


@api.get(
    "/articles/{slug}", response={200: ArticleOut, **PROBLEMS}, url_name="article", tags=["read"]
)
def article(request, slug: str):
    """One article as readers see it: the approved (frozen) version, or the pending text."""
    return cached_json(
        request,
        lambda: selectors.article_detail(slug=slug, absolute=request.build_absolute_uri),
        ArticleOut,
    )


@api.get("/board", response=BoardOut, url_name="board", tags=["read"])
def board(request):
    """The Medical Advisory Board: credentials, specialties, disclosures, articles approved."""
    return cached_json(
        request, lambda: selectors.board(absolute=request.build_absolute_uri), BoardOut
    )


@api.get(
    "/editorial-policy", response={200: PolicyOut, 404: Problem}, url_name="policy", tags=["read"]
)
def editorial_policy(request):
    """The editorial policy, with its own "last updated"."""
    return cached_json(
        request, lambda: selectors.policy(absolute=request.build_absolute_uri), PolicyOut
    )


# --- ingest ---------------------------------------------------------------------------------


class KeyAuth(HttpBearer):
    """A staff API key scoped to "create and update drafts", within its rate limit."""

    def authenticate(self, request, token):
        key = api_key_authenticate(token)
        request.auth = key  # the log names the key even when the call is then refused
        rate_limit(key)
        return key


@api.post(
    "/ingest/drafts",
    auth=KeyAuth(),
    response={200: DraftOut, 201: DraftOut, 401: Problem, 403: Problem, 409: Problem,
              413: Problem, 422: Problem, 429: Problem},
    url_name="ingest",
    tags=["ingest"],
)  # fmt: skip
def ingest_draft(request, payload: DraftIn):
    """Create or update the draft named by ``external_id`` (idempotent); optionally submit.

    Never approves or publishes. A refusal stores nothing and names each field at fault.
    """
    request.ingest_external_id = payload.external_id  # the log names it, refused or not
    result = draft_ingest(key=request.auth, data=payload)
    article = result.article
    log_call(
        request,
        201 if result.created else 200,
        external_id=payload.external_id,
        article=article,
        outcome=("created" if result.created else "changed" if result.changed else "unchanged")
        + (", submitted" if result.submitted else ""),
    )
    return Status(
        201 if result.created else 200,
        {
            "external_id": payload.external_id,
            "slug": article.slug,
            "status": article.status,
            "text_version": article.text_version,
            "created": result.created,
            "changed": result.changed,
            "submitted": result.submitted,
            "keys": result.keys,
            "warnings": result.warnings,
            "review_url": request.build_absolute_uri(reverse("review:article", args=[article.pk])),
        },
    )
