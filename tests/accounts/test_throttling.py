"""Password guessing on the sign-in page is throttled, per username and per client address.

After ``ACCOUNTS_LOGIN_FAILURE_LIMIT`` failures sign-in is refused for
``ACCOUNTS_LOCKOUT_MINUTES`` (even with the right password), with the same page whether
or not the username exists; ``X-Forwarded-For`` changes nothing unless a proxy is trusted
(``READERS_TRUSTED_PROXY``), and then only its own last entry counts.
"""

import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from accounts.models import AccessEvent, AccessEventKind

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
LIMIT = settings.ACCOUNTS_LOGIN_FAILURE_LIMIT
LOCKED = "Too many failed sign-ins"


def _sign_in(client, username, password, **headers):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **headers
    )


def _signed_in(response) -> bool:
    return response.status_code == 302 and "/login/" not in response["Location"]


def test_the_limit_and_the_wait_are_a_few_failures_for_a_while():
    assert 3 <= LIMIT <= 10
    assert dt.timedelta(minutes=settings.ACCOUNTS_LOCKOUT_MINUTES) == settings.AXES_COOLOFF_TIME


def test_a_username_is_locked_after_the_limit_whatever_x_forwarded_for_says(client, editor):
    with time_machine.travel(T0, tick=False):
        for attempt in range(LIMIT):
            # A different made-up address in each attempt: not trusted, so ignored.
            response = _sign_in(
                client, editor.username, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}"
            )
        assert response.status_code == 429 and LOCKED in response.text
        assert f"paused for {settings.ACCOUNTS_LOCKOUT_MINUTES} minutes" in response.text

        # The right password does not get through either, from any claimed address.
        right = _sign_in(client, editor.username, "pw", HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert right.status_code == 429 and "_auth_user_id" not in client.session

    # The lockout, and the refused attempt with the right password, are both recorded.
    events = AccessEvent.objects.filter(kind=AccessEventKind.LOCKED_OUT)
    assert events.count() == 2
    assert {(e.user, e.client_address) for e in events} == {(editor, "127.0.0.1")}
    # Every refused sign-in is a failure in the trail, the locked-out one included.
    assert AccessEvent.objects.filter(kind=AccessEventKind.SIGN_IN_FAILED).count() == LIMIT + 1

    wait = settings.AXES_COOLOFF_TIME
    minute = dt.timedelta(minutes=1)
    with time_machine.travel(T0 + wait + minute, tick=False):
        assert _signed_in(_sign_in(client, editor.username, "pw"))  # the wait is over


def test_an_attempt_during_the_wait_restarts_it(client, editor):
    """Someone who keeps guessing stays locked out; the wait counts from the last try."""
    wait = settings.AXES_COOLOFF_TIME
    minute = dt.timedelta(minutes=1)
    with time_machine.travel(T0, tick=False):
        for _ in range(LIMIT):
            _sign_in(client, editor.username, "wrong")
    with time_machine.travel(T0 + wait - minute, tick=False):
        assert _sign_in(client, editor.username, "pw").status_code == 429
    with time_machine.travel(T0 + wait + minute, tick=False):
        assert _sign_in(client, editor.username, "pw").status_code == 429
    with time_machine.travel(T0 + 2 * wait + 2 * minute, tick=False):
        assert _signed_in(_sign_in(client, editor.username, "pw"))


def test_one_address_is_locked_whatever_usernames_it_tries(client, editor, editor2):
    with time_machine.travel(T0, tick=False):
        for attempt in range(LIMIT):
            _sign_in(client, f"guess{attempt}", "wrong", REMOTE_ADDR="192.0.2.7")
        assert _sign_in(client, editor.username, "pw", REMOTE_ADDR="192.0.2.7").status_code == 429
        # Another address is not locked out for the others' guesses.
        other = client_class()
        assert _signed_in(_sign_in(other, editor2.username, "pw", REMOTE_ADDR="192.0.2.8"))


def client_class():
    from tests.accounts.signing_in import StaffClient

    return StaffClient()


def test_the_lockout_page_never_says_whether_the_username_exists(client, editor):
    with time_machine.travel(T0, tick=False):
        for _ in range(LIMIT):
            real = _sign_in(client, editor.username, "wrong", REMOTE_ADDR="192.0.2.1")
        for _ in range(LIMIT):
            made_up = _sign_in(client, "nobody-at-all", "wrong", REMOTE_ADDR="192.0.2.2")
    assert real.status_code == made_up.status_code == 429
    assert _without_token(real.text) == _without_token(made_up.text)
    # Before the limit, a wrong password and an unknown username read the same too.
    first = client_class()
    a = _sign_in(first, editor.username, "wrong", REMOTE_ADDR="192.0.2.3").text
    b = _sign_in(first, "nobody-either", "wrong", REMOTE_ADDR="192.0.2.4").text
    assert "Please enter the correct username and password" in a
    assert _without_token(a.replace(editor.username, "")) == _without_token(
        b.replace("nobody-either", "")
    )


def _without_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_behind_a_trusted_proxy_the_proxys_entry_counts_not_the_clients(client, editor, settings):
    settings.READERS_TRUSTED_PROXY = True
    with time_machine.travel(T0, tick=False):
        for attempt in range(LIMIT):
            # The client forges entries before the proxy's own (the last one).
            _sign_in(
                client,
                f"guess{attempt}",
                "wrong",
                HTTP_X_FORWARDED_FOR=f"10.9.9.{attempt}, 198.51.100.20",
            )
        locked = _sign_in(
            client, editor.username, "pw", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.20"
        )
        assert locked.status_code == 429
        assert AccessAttempt.objects.filter(ip_address="198.51.100.20").exists()


def test_an_admin_sees_lockouts_and_unlocks_one(client, editor, admin_user):
    with time_machine.travel(T0, tick=False):
        for _ in range(LIMIT):
            _sign_in(client, editor.username, "wrong")
        attempt = AccessAttempt.objects.get(username=editor.username)

        admin = client_class()
        admin.force_login(admin_user)
        listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
        assert listing.status_code == 200 and editor.username in listing.text
        admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
        assert not AccessAttempt.objects.exists()
        event = AccessEvent.objects.get(kind=AccessEventKind.UNLOCKED)
        assert event.actor == admin_user and event.user == editor

        assert _signed_in(_sign_in(client, editor.username, "pw"))


def test_a_board_member_cannot_see_or_clear_lockouts(client, board_member, editor):
    for _ in range(LIMIT):
        _sign_in(client_class(), editor.username, "wrong")
    client.force_login(board_member)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    attempt = AccessAttempt.objects.get()
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


@pytest.mark.parametrize("forwarded", ["not-an-address", "", "999.1.1.1", "1.2.3.4, <script>"])
def test_a_forwarded_header_that_is_no_address_falls_back_to_the_connection(
    client, editor, settings, forwarded
):
    settings.READERS_TRUSTED_PROXY = True
    for _ in range(LIMIT):
        _sign_in(client, editor.username, "wrong", HTTP_X_FORWARDED_FOR=forwarded)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    assert _sign_in(client, editor.username, "pw").status_code == 429
