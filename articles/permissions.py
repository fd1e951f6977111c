"""The one permission check of every service, in every app.

An active account holding ``permission``, signed in with the second factor its role
needs (``accounts.verification``); otherwise ``error`` (each app's own refusal class)
saying what the person tried: "Your role does not allow you to assign reviewers." The
services call it before they lock or change anything, so a refusal changes nothing.
"""

from __future__ import annotations

from accounts.verification import require_second_factor

from .exceptions import ActionForbidden


def require(actor, permission: str, what: str, error: type[Exception] = ActionForbidden) -> None:
    if not (actor and actor.is_active and actor.has_perm(permission)):
        raise error(f"Your role does not allow you to {what}.")
    require_second_factor(actor, what, error)
