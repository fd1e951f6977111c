"""Which e-mails each person receives, and when: the kinds people choose among.

Every outbox e-mail belongs to one kind (``KIND_OF``); each person chooses, per kind, at
once, in a daily digest, or not at all (``NotificationPreference``; no row means at once).
A few e-mails are mandatory (``MANDATORY``): they are sent at once whatever the choice,
and the preferences page and the unsubscribe link say why. E-mails of a kind not listed
here are sent at once and carry no unsubscribe link (there is nothing to choose).
"""

from __future__ import annotations

# kind → (label, the outbox kinds it covers)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "assignment": (
        "Reviews assigned to you, asked again or withdrawn",
        ("assigned", "asked_again", "withdrawn"),
    ),
    "reminder": ("Reminders of a review that is due", ("stale_reminder",)),
    "decision": ("Board decisions on your articles", ("decided", "approved", "declined", "state")),
    "reply": ("Replies and comments on your reviews", ("commented", "reply")),
    "mention": ("When someone mentions you", ("mention",)),
    "stale": ("Stale-content flags", ("retraction", "reader_clinical_error")),
    "digest": ("The weekly digest of stale content", ("stale_digest",)),
}
# Outbox kinds that are always sent at once, and why (shown where a person would turn
# them off).
MANDATORY: dict[str, str] = {
    "stale_escalation": "An overdue review escalated to you cannot be turned off: you "
    "assigned it, and an article is waiting for its board review.",
    "stale_critical": "An unanswered critical flag (a retraction or a drug-safety change) "
    "cannot be turned off: readers may be relying on the article now.",
}
KIND_OF: dict[str, str] = {
    outbox: kind for kind, (_label, outboxes) in KINDS.items() for outbox in outboxes
}


def kind_of(outbox_kind: str) -> str | None:
    """The kind a person chooses for, or None (mandatory, or nothing to choose)."""
    if outbox_kind in MANDATORY:
        return None
    return KIND_OF.get(outbox_kind)
