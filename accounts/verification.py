"""Whether a person acting in a request has passed the second factor their role requires.

The services of every app call :func:`require_second_factor` from their permission check,
so no decision, approval or assignment is recorded by someone who signed in with a
password alone. This module imports no models at import time: any app may use it.

Who must use a second factor: superusers, members of the groups in
``ACCOUNTS_SECOND_FACTOR_GROUPS`` (Advisory Board and Admins by default), and anyone who
has set one up of their own accord (an Editor, say). A user object that did not come
through a web request (a management command run on the server, a task re-reading the
person who queued it) carries no sign-in to judge and is let through; a user from a
request always carries ``is_verified()`` (django-otp's middleware puts it there).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied


class SecondFactorRequired(PermissionDenied):
    """Signed in with a password only, where the role needs a code as well."""


MESSAGE = (
    "Your role requires two-step verification: confirm your sign-in with a code from "
    "your authenticator app (or a backup code) before you {what}. Nothing was changed."
)


def second_factor_required(user) -> bool:
    """True when ``user`` must pass a second factor to work on staff pages."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_second_factor_required", None)
    if cached is not None:
        return cached
    from django_otp import user_has_device

    required = bool(
        user.is_superuser
        or user.groups.filter(name__in=settings.ACCOUNTS_SECOND_FACTOR_GROUPS).exists()
        or user_has_device(user)
    )
    user._second_factor_required = required
    return required


def is_signed_in_with_second_factor(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def require_second_factor(
    actor, what: str = "do this", error: type[Exception] = SecondFactorRequired
) -> None:
    """Refuse with ``error`` when ``actor`` signed in without the second factor they need.

    ``actor`` ``None`` is the system (scheduled jobs): nothing to check.
    """
    if actor is None or getattr(actor, "is_verified", None) is None:
        return
    if is_signed_in_with_second_factor(actor):
        return
    if second_factor_required(actor):
        raise error(MESSAGE.format(what=what))
