"""Signing staff in for tests the way they sign in on the site: with the second factor.

``StaffClient.force_login(user)`` gives a board member or admin a confirmed authenticator
and marks the session as having passed it, exactly as entering a code does
(``django_otp.login``). ``force_login(user, second_factor=False)`` signs in with the
password alone: the state the refusal tests need. The rule itself is never switched off.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.verification import second_factor_required


def authenticator(user) -> TOTPDevice:
    """``user``'s confirmed authenticator (made once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app")


def current_code(device: TOTPDevice) -> str:
    """The six digits the person's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


TEST_PASSWORD = "pw"  # noqa: S105 - every test factory user's (tests.articles.factories)


class StaffClient(Client):
    def force_login(self, user, backend=None, second_factor: bool = True):
        super().force_login(user, backend)
        if second_factor and second_factor_required(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
            session.save()


def fresh_code(device: TOTPDevice) -> str:
    """The app's current code, usable even if this device already accepted it (as a
    person would after waiting for the next one): a code is accepted once per step."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return current_code(device)


def sign_in_through_forms(client, user, password: str = TEST_PASSWORD, **extra):
    """Sign in as a person does: the admin's login form, then the code from the
    authenticator app when the role asks for one. Returns the final response."""
    if second_factor_required(user):
        device = authenticator(user)
    response = client.post(
        reverse("admin:login") + extra.pop("query", ""),
        {"username": user.username, "password": password, **extra},
        follow=True,
    )
    verify = reverse("accounts:verify")
    if response.redirect_chain and response.redirect_chain[-1][0].startswith(verify):
        response = client.post(
            response.redirect_chain[-1][0],
            {"code": fresh_code(device)},
            follow=True,
        )
    return response
