"""Refusals of the content API, each answered as a problem document (RFC 9457)."""

from __future__ import annotations


class ApiProblem(Exception):
    """A refusal with an HTTP status, a title, a detail and the fields at fault.

    ``errors`` is a list of ``{"field": ..., "reason": ...}``: the field is a dotted path
    into the request body (``references.2.doi``), or "" when the refusal is about the call.
    """

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        errors: list[dict] | None = None,
        headers: dict | None = None,
    ):
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}
