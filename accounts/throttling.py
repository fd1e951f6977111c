"""What a locked-out sign-in sees (django-axes calls this; settings.AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

LOCKED_OUT = (
    "Too many failed sign-ins for this username or from this network. For your security, "
    "signing in is paused for {minutes} minutes from the last attempt; try again after that."
)


def lockout_message() -> str:
    return LOCKED_OUT.format(minutes=settings.ACCOUNTS_LOCKOUT_MINUTES)


def lockout_response(request, original_response=None, credentials=None):
    """The same page whether or not the username exists: it never says which."""
    return render(request, "accounts/locked_out.html", {"message": lockout_message()}, status=429)
