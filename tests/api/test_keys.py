"""API keys: made and revoked in the admin, shown once, hashed at rest, scoped, rate-limited."""

from __future__ import annotations

import hashlib

import pytest
from django.test import override_settings

from api.keys import api_key_create, api_key_revoke
from api.models import ApiCall, ApiKey
from articles.exceptions import ActionForbidden
from articles.models import Article
from tests.api.helpers import fields_of, footprint, ingest, problem

pytestmark = pytest.mark.django_db


def test_the_admin_shows_a_new_key_once_and_stores_only_its_hash(client, admin_user, editor):
    client.force_login(admin_user)
    response = client.post(
        "/admin/api/apikey/add/",
        {"name": "Partner feed", "user": editor.pk, "scope": "drafts"},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    secret = next(m for m in shown if "copy it now" in m).split(" is ")[1].split(" — ")[0]
    key = ApiKey.objects.get(name="Partner feed")
    assert secret.startswith(f"mrk_{key.prefix}_")
    assert key.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiKey.objects.values_list().get())
    change_page = client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
    assert secret not in change_page and key.prefix in change_page


def test_the_admin_revokes_a_key_and_it_is_refused_from_then_on(
    client, admin_user, api_client, key_pair
):
    assert ingest(api_client, body="Text.\n").status_code == 201
    admin = client.__class__()
    admin.force_login(admin_user)
    admin.post(
        "/admin/api/apikey/",
        {"action": "revoke", "_selected_action": [key_pair[0].pk]},
    )
    key_pair[0].refresh_from_db()
    assert key_pair[0].revoked_at is not None and key_pair[0].revoked_by == admin_user
    before = footprint()
    response = ingest(api_client, external_id="up-2", body="More.\n")
    assert response.status_code == 401
    assert "unknown or revoked" in problem(response)["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert footprint() == before


def test_keys_are_never_deleted(client, admin_user, key_pair):
    client.force_login(admin_user)
    response = client.get(f"/admin/api/apikey/{key_pair[0].pk}/delete/")
    assert response.status_code == 403
    assert ApiKey.objects.filter(pk=key_pair[0].pk).exists()


def test_an_editor_cannot_create_or_revoke_keys(editor, key_pair):
    with pytest.raises(ActionForbidden, match="create API keys"):
        api_key_create(actor=editor, name="Mine", user=editor)
    with pytest.raises(ActionForbidden, match="revoke API keys"):
        api_key_revoke(actor=editor, key=key_pair[0])
    assert ApiKey.objects.count() == 1 and key_pair[0].revoked_at is None


@pytest.mark.parametrize(
    "header", ["", "Bearer ", "Bearer mrk_00000000_guessed", "Basic dXNlcjpwYXNz", "mrk_x"]
)
def test_a_call_without_a_current_key_is_refused(client, header, key_pair):
    if header:
        client.defaults["HTTP_AUTHORIZATION"] = header
    response = ingest(client, body="Text.\n")
    assert response.status_code == 401
    problem(response)
    assert not Article.objects.exists()
    assert not ApiCall.objects.exists()


def test_a_key_of_an_account_no_longer_staff_is_refused(api_client, key_pair):
    user = key_pair[0].user
    user.is_staff = False
    user.save()
    response = ingest(api_client, body="Text.\n")
    assert response.status_code == 403
    assert "no longer active staff" in problem(response)["detail"]
    assert not Article.objects.exists()


def test_a_key_acts_only_as_a_staff_account(admin_user, outsider):
    from articles.exceptions import ArticleError

    with pytest.raises(ArticleError, match="active staff account"):
        api_key_create(actor=admin_user, name="Outsider", user=outsider)
    assert not ApiKey.objects.exists()


@override_settings(API_INGEST_CALLS_PER_MINUTE=2)
def test_calls_past_the_rate_limit_are_refused_with_retry_after(api_client):
    assert ingest(api_client, body="One.\n").status_code == 201
    assert ingest(api_client, body="Two.\n").status_code == 200
    response = ingest(api_client, body="Three.\n")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "2 calls a minute" in problem(response)["detail"]
    assert Article.objects.get().body == "Two.\n"
    assert list(ApiCall.objects.order_by("pk").values_list("status", flat=True)) == [201, 200, 429]


def test_the_key_cannot_approve_or_publish_anything(api_client):
    """The API offers no such call: the schema's only write is the draft ingest."""
    from api.api import api

    schema = api.get_openapi_schema()
    writes = [
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"post", "put", "patch", "delete"}
    ]
    assert writes == [("/api/v1/ingest/drafts", "post")]
    response = ingest(api_client, body="Text.\n", submit=True, status="approved")
    assert response.status_code == 422
    assert "status" in fields_of(response)
    assert not Article.objects.exists()


def test_the_admin_refuses_a_second_key_with_the_same_name(client, admin_user, editor, key_pair):
    client.force_login(admin_user)
    response = client.post(
        "/admin/api/apikey/add/", {"name": "Upstream writers", "user": editor.pk, "scope": "drafts"}
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode() or "exists already" in (
        response.content.decode()
    )
    assert ApiKey.objects.count() == 1


def test_admins_read_the_call_log_and_editors_cannot_manage_keys(
    client, admin_user, editor, api_client
):
    ingest(api_client, body="Text.\n")
    ingest(api_client, topics=["nowhere"], external_id="up-2")
    admin = client.__class__()
    admin.force_login(admin_user)
    page = admin.get("/admin/api/apicall/").content.decode()
    assert page.count("Upstream writers") >= 2 and "422" in page and "201" in page
    refused = ApiCall.objects.get(status=422)
    assert refused.external_id == "up-2" and "nowhere" in refused.outcome
    staff = client.__class__()
    staff.force_login(editor)
    assert staff.get("/admin/api/apikey/").status_code == 403
    assert staff.get("/admin/api/apikey/add/").status_code == 403
