"""The audience choice changes only by a POST from the site's own pages, and its cookie
carries the session cookie's flags."""

import pytest
from django.urls import reverse

from tests.readers.helpers import choose

pytestmark = pytest.mark.django_db


def test_a_get_changes_nothing(client):
    """An image tag on another site (a GET) cannot switch a reader's audience."""
    response = client.get(reverse("readers:set_audience", args=["patient"]) + "?next=/")
    assert response.status_code == 405
    assert "audience" not in response.cookies


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://testserver.evil.example", "null", ""]
)
def test_a_post_from_another_site_changes_nothing(client, origin):
    response = choose(client, "patient", origin=origin)
    assert response.status_code == 403
    assert "audience" not in response.cookies


def test_a_post_from_one_of_the_site_pages_sets_the_cookie(client):
    response = choose(client, "patient", next="/advisory-board/")
    assert response.status_code == 302 and response["Location"] == "/advisory-board/"
    cookie = response.cookies["audience"]
    assert cookie.value == "patient"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # local settings: the session cookie is not Secure either


def test_the_referer_stands_in_for_a_missing_origin(client):
    response = client.post(
        reverse("readers:set_audience", args=["clinician"]),
        {"next": "/"},
        HTTP_REFERER="http://testserver/articles/x/",
    )
    assert response.cookies["audience"].value == "clinician"


def test_in_production_the_cookie_is_secure_as_the_session_cookie_is(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.SESSION_COOKIE_SAMESITE = "Strict"
    response = choose(client, "clinician")
    cookie = response.cookies["audience"]
    assert cookie["secure"] and cookie["samesite"] == "Strict" and cookie["httponly"]


def test_any_forgets_the_choice(client):
    choose(client, "patient")
    response = choose(client, "any")
    assert response.cookies["audience"].value == ""


def test_the_public_pages_offer_forms_not_links(client):
    html = client.get(reverse("readers:home")).text
    patient = reverse("readers:set_audience", args=["patient"])
    assert f'<form method="post" action="{patient}">' in html
    assert f'href="{patient}' not in html
