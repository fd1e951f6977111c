"""Calls of the ingest API and a footprint of the database for "nothing was stored"."""

from __future__ import annotations

import json

from django.apps import apps

from api.models import ApiCall
from articles.models import Article

INGEST = "/api/v1/ingest/drafts"


def ingest(client, **payload):
    payload.setdefault("external_id", "up-1")
    payload.setdefault("title", "How is inflammatory myositis diagnosed?")
    return client.post(INGEST, data=json.dumps(payload), content_type="application/json")


def footprint():
    """Row counts of every table but the call log (a refusal is logged, nothing else)."""
    counts = tuple(
        (model.__name__, model.objects.count())
        for model in apps.get_models()
        if model is not ApiCall
    )
    texts = tuple(Article.objects.order_by("pk").values_list("title", "summary", "body"))
    return counts, texts


def problem(response) -> dict:
    assert response["Content-Type"] == "application/problem+json", response.content[:300]
    data = response.json()
    assert data["status"] == response.status_code
    return data


def fields_of(response) -> dict[str, str]:
    """Each field at fault with its reasons (joined by " | " when there are several)."""
    out: dict[str, str] = {}
    for error in problem(response)["errors"]:
        out[error["field"]] = " | ".join(filter(None, [out.get(error["field"]), error["reason"]]))
    return out
