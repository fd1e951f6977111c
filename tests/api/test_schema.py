"""The OpenAPI document is valid OpenAPI 3, and every field it documents is in a real
response of each endpoint (with the values it documents)."""

from __future__ import annotations

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from articles import services as article_services
from articles.models import Topic
from tests.api.helpers import ingest
from tests.readers.helpers import approve, approved_article, member_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_is_valid_openapi_3(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/articles", "/api/v1/articles/{slug}", "/api/v1/board",
            "/api/v1/editorial-policy", "/api/v1/ingest/drafts"} <= set(spec["paths"])  # fmt: skip


def test_the_docs_page_is_served(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
    assert b"cdn.jsdelivr.net" not in response.content  # served from our static files


def _resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def missing_fields(schema: dict, value, spec: dict, path: str = "") -> list[str]:
    """Documented properties absent from ``value`` (recursing into objects and lists)."""
    schema = _resolve(schema, spec)
    if value is None:
        return []
    for variant in schema.get("anyOf", []):
        variant = _resolve(variant, spec)
        if variant.get("type") == "object" or "properties" in variant:
            return missing_fields(variant, value, spec, path)
    out = []
    if "properties" in schema and isinstance(value, dict):
        for name, sub in schema["properties"].items():
            if name not in value:
                out.append(f"{path}.{name}")
            else:
                out += missing_fields(sub, value[name], spec, f"{path}.{name}")
    if schema.get("type") == "array" and isinstance(value, list):
        for i, item in enumerate(value):
            out += missing_fields(schema.get("items", {}), item, spec, f"{path}[{i}]")
    return out


def check(spec: dict, path: str, method: str, response) -> None:
    operation = spec["paths"][path][method]
    documented = operation["responses"][str(response.status_code)]
    schema = documented["content"]["application/json"]["schema"]
    data = response.json()
    assert missing_fields(schema, {}, spec), "the walk sees the documented fields"
    assert missing_fields(schema, data, spec) == []
    OAS31Validator({**schema, "components": spec["components"]}).validate(data)


@pytest.fixture
def rich_article(editor, board_member, board_member2):
    """Approved twice (the second a correction), with both audience versions, references,
    topics, a related question and reviewers with specialties and disclosures."""
    member_for(board_member, specialties="Rheumatology, Infectious disease")
    other = approved_article(editor, board_member2, n_refs=0, prefix="o", title="Other?")
    article = approved_article(
        editor, board_member, n_refs=3, alt_body="Plain words [@ref0].\n", related_articles=[other]
    )
    article.topics.add(Topic.objects.create(name="Rheumatology", slug="rheumatology"))
    article_services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    article = article_services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version,
        body=article.body + "\nA corrected sentence [@ref2].\n",
    )  # fmt: skip
    article_services.article_submit(
        article=article, actor=editor, change_kind="correction", change_note="Dose corrected."
    )
    approve(article, board_member)
    return article


def test_every_documented_field_of_an_article_is_in_a_real_response(client, spec, rich_article):
    response = client.get(f"/api/v1/articles/{rich_article.slug}")
    assert response.status_code == 200
    check(spec, "/api/v1/articles/{slug}", "get", response)
    data = response.json()
    # The optional parts are filled in, so the check above walked into them.
    assert data["correction"]["change_note"] == "Dose corrected."
    assert len(data["history"]) == 2 and len(data["versions"]) == 2
    assert data["approvers"][0]["specialties"] == ["Rheumatology", "Infectious disease"]
    assert [r["number"] for r in data["references"]] == [1, 2, 3]
    assert data["related"][0]["title"] == "Other?"
    assert data["jsonld"]["@type"] == "MedicalWebPage"
    assert data["jsonld"]["reviewedBy"][0]["name"] == data["approvers"][0]["name"]


def test_every_documented_field_of_the_list_board_and_policy_is_in_real_responses(
    client, spec, rich_article
):
    check(spec, "/api/v1/articles", "get", client.get("/api/v1/articles", {"limit": 1}))
    check(spec, "/api/v1/board", "get", client.get("/api/v1/board"))
    check(spec, "/api/v1/editorial-policy", "get", client.get("/api/v1/editorial-policy"))


def test_problem_documents_and_the_ingest_answer_match_the_schema(client, spec, api_client):
    missing = client.get("/api/v1/articles/nothing-here")
    operation = spec["paths"]["/api/v1/articles/{slug}"]["get"]["responses"]["404"]
    schema = operation["content"]["application/json"]["schema"]
    assert missing_fields(schema, missing.json(), spec) == []
    check(spec, "/api/v1/ingest/drafts", "post", ingest(api_client, body="Text.\n"))
    refused = ingest(api_client, topics=["none"])
    schema = spec["paths"]["/api/v1/ingest/drafts"]["post"]["responses"]["422"]
    schema = schema["content"]["application/json"]["schema"]
    assert missing_fields(schema, refused.json(), spec) == []
