"""The hostile-input corpus through the ingest endpoint: never a 500, a problem document
naming the field, nothing stored; where text is cleaned rather than refused (control
characters stripped), what was stored holds no control or invisible character."""

from __future__ import annotations

import json

import pytest

from articles.models import Article
from references.models import Reference
from tests.api.helpers import INGEST, footprint, ingest
from tests.review.test_hostile_input import FILES, TEXT, assert_stored_text_is_clean

pytestmark = pytest.mark.django_db

FIELDS = ["title", "summary", "body", "alt_summary", "alt_body", "change_note", "external_id"]
LISTS = ["topics", "references.key", "references.doi", "references.pmid"]
TEXT = {**TEXT, "lone_surrogate": "Dose \ud800 mg", "bidi_isolate": "Dose \u2066x\u2069"}


def _payload(where: str, value: str) -> dict:
    if where == "topics":
        return {"topics": [value]}
    if where.startswith("references."):
        return {"references": [{where.split(".")[1]: value, **(
            {"doi": "10.1000/x"} if where == "references.key" else {})}]}  # fmt: skip
    return {where: value}


def _send(client, payload: dict):
    body = json.dumps({"external_id": "hostile", "title": "A question?", **payload})
    return client.post(INGEST, data=body.encode("utf-8", "surrogatepass"),
                       content_type="application/json")  # fmt: skip


def _assert_refused_or_clean(response, before):
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"]
        assert footprint() == before
    assert_stored_text_is_clean()


@pytest.mark.parametrize("where", FIELDS + LISTS)
@pytest.mark.parametrize("name", sorted(TEXT))
def test_hostile_text_in_every_field(api_client, where, name):
    before = footprint()
    response = _send(api_client, _payload(where, TEXT[name]))
    _assert_refused_or_clean(response, before)
    if response.status_code < 400:
        # Only cleaning can let it through: the stored text is the value without the
        # control characters, and nothing of it is invisible in the title.
        assert name in {"nul", "controls", "html", "lone_surrogate", "zero_width",
                        "rtl_override", "bidi_isolate", "deep_brackets", "huge"}, name  # fmt: skip
        assert where not in {"title", "external_id", "topics"} or name in {
            "nul", "controls", "lone_surrogate", "html"}, (where, name)  # fmt: skip


@pytest.mark.parametrize("name", sorted(FILES))
def test_hostile_reference_files_as_csl(api_client, name):
    """Each hostile reference file, sent as the CSL-JSON of a reference (when it parses as
    JSON at all) and as the whole request body."""
    before = footprint()
    raw = FILES[name]
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        value = raw.decode("latin-1")
    item = value[0] if isinstance(value, list) and value else value
    response = _send(api_client, {"references": [{"csl": item}]})
    _assert_refused_or_clean(response, before)
    whole = api_client.post(INGEST, data=raw, content_type="application/json")
    assert whole.status_code in (400, 422), whole.content[:300]
    assert whole["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("name", ["broken.csl.json", "broken.ris", "broken.bib", "broken.nbib"])
def test_broken_files_from_the_corpus_as_the_request_body(api_client, data_dir, name):
    before = footprint()
    response = api_client.post(
        INGEST, data=(data_dir / name).read_bytes(), content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert footprint() == before


def test_a_huge_body_is_refused_naming_the_limit(api_client):
    response = ingest(api_client, body=TEXT["huge"])
    assert response.status_code == 422
    assert "the maximum is" in response.json()["errors"][0]["reason"]
    assert not Article.objects.exists() and not Reference.objects.exists()
