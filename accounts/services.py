"""Every write of the accounts app: audit lines, enrolment, verification, device resets."""

from __future__ import annotations

import secrets
from base64 import b32encode
from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AccessEvent, AccessEventKind
from .network import client_address

BACKUP_CODE_COUNT = 10
BACKUP_CODE_DIGITS = 8
TOTP_DIGITS = 6
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


class AccountRefused(Exception):
    """A refusal a person can act on; nothing was changed."""


def access_record(
    *, kind: str, request=None, user=None, username: str = "", actor=None, detail: str = ""
) -> AccessEvent:
    meta = getattr(request, "META", {}) if request is not None else {}
    if user is not None and not username:
        username = user.get_username()
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:150],
        actor=actor,
        client_address=(client_address(request) or "") if request is not None else "",
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
        detail=detail[:500],
    )


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an authenticator app (base32, in groups of 4)."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def enrolment_start(*, user) -> TOTPDevice:
    """The unconfirmed authenticator for ``user``'s enrolment (the same one until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@dataclass
class Enrolment:
    device: TOTPDevice
    backup_codes: list[str]


@transaction.atomic
def enrolment_confirm(*, request, user, token: str) -> Enrolment:
    """Confirm the authenticator with a code from it; make backup codes; pass the factor."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise AccountRefused("Start the set-up again: there is no authenticator waiting.")
    token = (token or "").replace(" ", "").strip()
    if not (token.isdigit() and device.verify_token(token)):
        raise AccountRefused(
            "That code does not match. Check that your phone's clock is right and enter "
            "the six digits your app shows now. Nothing was changed."
        )
    device.confirmed = True
    device.save()
    codes = backup_codes_replace(user=user)
    otp_login(request, device)
    access_record(kind=AccessEventKind.ENROLLED, request=request, user=user)
    sessions_end(user=user, keep=request.session.session_key)
    return Enrolment(device=device, backup_codes=codes)


def backup_codes_replace(*, user) -> list[str]:
    """New backup codes for ``user`` (the old ones stop working), shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [
        f"{secrets.randbelow(10**BACKUP_CODE_DIGITS):0{BACKUP_CODE_DIGITS}d}"
        for _ in range(BACKUP_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def verify(*, request, token: str):
    """Pass the second factor with a code from the app or a backup code (each works once).

    Six digits are the authenticator app's code, eight a backup code: each goes to its own
    kind of device, so a wrong code of one kind never slows down the other. Devices slow
    down repeated wrong codes themselves (django-otp's throttling).
    """
    user = request.user
    token = (token or "").replace(" ", "").replace("-", "").strip()
    device = None
    throttled = False
    if token.isdigit() and len(token) in {TOTP_DIGITS, BACKUP_CODE_DIGITS}:
        model = TOTPDevice if len(token) == TOTP_DIGITS else StaticDevice
        with transaction.atomic():
            for candidate in model.objects.select_for_update().filter(user=user, confirmed=True):
                allowed, _ = candidate.verify_is_allowed()
                if not allowed:
                    throttled = True
                    continue
                if candidate.verify_token(token):
                    device = candidate
                    break
    if device is None:
        access_record(kind=AccessEventKind.VERIFY_FAILED, request=request, user=user)
        if throttled:
            raise AccountRefused(
                "Too many wrong codes: wait a minute, then enter the code your app shows now."
            )
        raise AccountRefused(
            "That code does not match. Enter the six digits your app shows now, or one of "
            "your backup codes (eight digits)."
        )
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        access_record(
            kind=AccessEventKind.BACKUP_CODE_USED,
            request=request,
            user=user,
            detail=f"{left} backup codes left",
        )
    else:
        access_record(kind=AccessEventKind.VERIFIED, request=request, user=user)
    return device


@transaction.atomic
def devices_reset(*, user, actor, request=None) -> int:
    """Remove ``user``'s authenticator and backup codes and sign them out everywhere.

    They set up a new authenticator at their next sign-in. Recorded in the audit trail.
    """
    if not (actor and actor.is_active and actor.has_perm("accounts.reset_devices")):
        raise AccountRefused("Your role does not allow you to reset two-step verification.")
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    StaticDevice.objects.filter(user=user).delete()
    sessions_end(user=user)
    access_record(
        kind=AccessEventKind.DEVICES_RESET,
        request=request,
        user=user,
        actor=actor,
        detail=f"by {actor.get_username()}; signed out everywhere",
    )
    return removed


def sessions_end(*, user, keep: str | None = None) -> int:
    """Sign ``user`` out of every browser but the session ``keep``.

    Only staff have sessions here (readers never sign in), so reading them is cheap.
    """
    ended = []
    pk = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        if session.get_decoded().get("_auth_user_id") == pk:
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def demo_enrol(*, user, secret_hex: str) -> TOTPDevice:
    """Give a demo account a fixed authenticator key (``load_demo`` prints it)."""
    device, _ = TOTPDevice.objects.update_or_create(
        user=user,
        name=TOTP_DEVICE_NAME,
        defaults={"key": secret_hex, "confirmed": True},
    )
    return device
