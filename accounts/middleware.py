"""Staff pages need the second factor; every page gets the browser security headers."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .verification import is_signed_in_with_second_factor, second_factor_required

# Session keys: whether this sign-in owes a second factor (decided when it began; a role
# or device change signs the person out everywhere, so it cannot go stale), and when the
# session last moved its idle expiry.
REQUIRED_KEY = "accounts_second_factor_required"
TOUCHED_KEY = "accounts_touched"
# A staff page moves the session's idle expiry at most this often (a write per request
# would cost every page a database write for nothing).
TOUCH_EVERY_SECONDS = 5 * 60


def remember_sign_in(request, user) -> None:
    """At sign-in: note whether the second factor is owed, and start the idle clock."""
    request.session[REQUIRED_KEY] = second_factor_required(user)
    request.session[TOUCHED_KEY] = int(time.time())


# The URL namespaces that are staff surfaces: the admin, the editorial workspace, the
# attention queue, the reference tools; plus the reader-feedback inbox and, for signed-in
# staff, the metrics (a scraper from the allowed networks signs in to nothing).
STAFF_NAMESPACES = {"admin", "review", "freshness", "references", "coediting"}
STAFF_VIEWS = {"readers:inbox", "metrics"}
# Reachable before the second factor: signing in and out.
OPEN_VIEWS = {"admin:login", "admin:logout", "admin:jsi18n"}


def is_staff_surface(resolver_match) -> bool:
    if resolver_match is None:
        return False
    name = resolver_match.view_name
    if name in OPEN_VIEWS:
        return False
    return name in STAFF_VIEWS or bool(set(resolver_match.namespaces) & STAFF_NAMESPACES)


class SecondFactorMiddleware:
    """Send a signed-in person who still owes the second factor to set it up or enter it.

    Runs after django-otp's ``OTPMiddleware`` (which gives ``request.user.is_verified()``).
    The services refuse such a person's decisions too; this keeps them off the pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not is_staff_surface(request.resolver_match):
            return None
        session = request.session
        if time.time() - session.get(TOUCHED_KEY, 0) > TOUCH_EVERY_SECONDS:
            session[TOUCHED_KEY] = int(time.time())
        required = session.get(REQUIRED_KEY)
        if required is None:
            required = session[REQUIRED_KEY] = second_factor_required(user)
        user._second_factor_required = required
        if not required or is_signed_in_with_second_factor(user):
            return None
        from django_otp import user_has_device

        target = "accounts:verify" if user_has_device(user) else "accounts:enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every response (Django sets Referrer-Policy and COOP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.ACCOUNTS_PERMISSIONS_POLICY)
        return response
