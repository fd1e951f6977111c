"""A forgotten password: the link goes through the outbox, works once, the new password
passes Django's validators, every session ends, and the second factor is still asked."""

import re

import pytest
from django.urls import reverse

from accounts.models import AccessEvent, AccessEventKind
from review.models import Notification
from tests.accounts.signing_in import StaffClient, sign_in_through_forms

pytestmark = pytest.mark.django_db


def _ask(client, email):
    return client.post(reverse("admin_password_reset"), {"email": email})


def _link(notification) -> str:
    return re.search(r"http://testserver(/accounts/reset/\S+/)", notification.body).group(1)


def test_the_sign_in_page_offers_it(client, db):
    html = client.get(reverse("admin:login")).text
    assert reverse("admin_password_reset") in html and "Forgotten your password" in html


def test_the_reset_email_goes_through_the_outbox_and_the_link_works_once(
    client, board_member, django_capture_on_commit_callbacks
):
    laptop = StaffClient()
    laptop.force_login(board_member)
    assert laptop.get(reverse("review:my_articles")).status_code == 200

    with django_capture_on_commit_callbacks(execute=False) as sending:
        response = _ask(client, board_member.email)
    assert response["Location"] == reverse("password_reset_done")
    notification = Notification.objects.get(kind="password_reset")
    assert notification.recipient == board_member and len(sending) == 1  # sent after commit
    assert "reset the password of your account" in notification.body
    link = _link(notification)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text
    weak = client.post(
        form.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"}
    )
    assert "This password is too common." in weak.text
    new = "a long new passphrase 7"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert "Your password was changed" in done.text
    assert laptop.get(reverse("review:my_articles")).status_code == 302  # signed out
    assert AccessEvent.objects.filter(
        kind=AccessEventKind.PASSWORD_CHANGED, user=board_member
    ).exists()

    again = StaffClient().get(link, follow=True)
    assert "This link no longer works" in again.text

    # Signing in with the new password still asks for the code.
    fresh = StaffClient()
    fresh.post(reverse("admin:login"), {"username": board_member.username, "password": new})
    assert fresh.get(reverse("review:my_reviews"))["Location"].startswith("/accounts/two-step/")
    assert sign_in_through_forms(StaffClient(), board_member, password=new).status_code == 200


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, editor):
    known = _ask(client, editor.email)
    unknown = _ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert Notification.objects.filter(kind="password_reset").count() == 1
