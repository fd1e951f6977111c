"""Staff sessions end after a working day without activity and when the browser closes; a
new password or a reset second factor signs the person out everywhere."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from accounts.models import AccessEvent, AccessEventKind
from tests.accounts.signing_in import StaffClient, sign_in_through_forms

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def _still_signed_in(client) -> bool:
    return client.get(reverse("review:my_articles")).status_code == 200


def test_the_settings_are_a_working_day_and_the_browser_session():
    assert settings.SESSION_COOKIE_AGE == 9 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_session_cookie_dies_with_the_browser(client, editor):
    response = client.post(reverse("admin:login"), {"username": editor.username, "password": "pw"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_activity_keeps_a_session_a_working_day_of_inactivity_ends_it(client, editor):
    with time_machine.travel(T0, tick=False):
        sign_in_through_forms(client, editor)
    # Working: each visit moves the end of the session.
    for hours in (4, 8, 12, 16):
        with time_machine.travel(T0 + hours * HOUR, tick=False):
            assert _still_signed_in(client), f"signed out after {hours} h of work"
    # Then nothing for a little over nine hours.
    with time_machine.travel(T0 + 25 * HOUR + dt.timedelta(minutes=5), tick=False):
        response = client.get(reverse("review:my_articles"))
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_new_password_signs_out_every_other_browser(client, editor):
    sign_in_through_forms(client, editor)
    laptop = StaffClient()
    sign_in_through_forms(laptop, editor)
    assert _still_signed_in(laptop)

    weak = client.post(
        reverse("admin:password_change"),
        {"old_password": "pw", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "This password is too common." in weak.text  # Django's validators
    assert _still_signed_in(laptop)

    new = "a long new passphrase 1"
    done = client.post(
        reverse("admin:password_change"),
        {"old_password": "pw", "new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    assert _still_signed_in(client)  # the browser that changed it stays signed in
    assert not _still_signed_in(laptop)
    event = AccessEvent.objects.get(kind=AccessEventKind.PASSWORD_CHANGED)
    assert event.user == editor and event.actor is None


def test_a_role_change_signs_the_person_out_to_sign_in_again(client, editor, admin_user):
    """Another role may need a second factor that this sign-in never passed."""
    from django.contrib.auth.models import Group

    sign_in_through_forms(client, editor)
    admin = StaffClient()
    admin.force_login(admin_user)
    admin.post(
        reverse("admin:auth_user_change", args=[editor.pk]),
        {
            "username": editor.username,
            "email": editor.email,
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name="Admins").pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert editor.groups.filter(name="Admins").exists()
    assert not _still_signed_in(client)
    changes = AccessEvent.objects.filter(kind=AccessEventKind.ROLE_CHANGED, actor=admin_user)
    assert {(e.user, e.detail) for e in changes} == {
        (editor, "removed from Editors"),
        (editor, "added to Admins"),
    }
