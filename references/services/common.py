"""Pieces every reference service shares."""

from __future__ import annotations

from accounts.verification import require_second_factor
from articles.exceptions import ActionForbidden


def require(actor, permission: str, what: str) -> None:
    """Refuse (403 in views) unless the active ``actor`` holds ``permission``."""
    if not (actor and actor.is_active and actor.has_perm(permission)):
        raise ActionForbidden(f"Your role does not allow you to {what}.")
    require_second_factor(actor, what, ActionForbidden)
