"""Notification preferences: each person's choice per kind, the signed one-click
unsubscribe, and the daily digest of e-mails held for it (see ``review.preferences``).

Decisions: the unsubscribe link is signed (``django.core.signing``, its own salt) and
bound to the person and the kind; it never expires (an old e-mail's link must still work)
and using it again changes nothing. It carries no time stamp, so the same person and kind
always get the same link: the one in an e-mail's text and the one in its
``List-Unsubscribe`` header agree even when the e-mail is sent later than it was written
(a retry, a digest). Links signed earlier with a time stamp are still accepted. It needs
no sign-in, as RFC 8058 one-click unsubscribe asks (the mail client posts to it), so it
can only turn a kind off, never on.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..exceptions import ReviewForbidden, ReviewRefused
from ..models import Delivery, Notification, NotificationPreference, NotificationStatus
from ..preferences import KINDS, MANDATORY, kind_of

SALT = "review.unsubscribe"


def delivery_for(user, outbox_kind: str) -> str:
    """How ``user`` wants e-mails of ``outbox_kind``: at once, daily, or off."""
    kind = kind_of(outbox_kind)
    if kind is None or user is None or user.pk is None:
        return Delivery.NOW
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return pref.delivery if pref else Delivery.NOW


def preferences_of(user) -> list[dict]:
    """Every kind with ``user``'s choice (for their page and the admin)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        {"kind": kind, "label": label, "delivery": chosen.get(kind, Delivery.NOW)}
        for kind, (label, _outboxes) in KINDS.items()
    ]


@transaction.atomic
def preference_set(*, user, actor, kind: str, delivery: str, how: str = "preferences page"):
    """Set one person's choice for one kind; a person sets their own, an admin anyone's."""
    if actor is None or (
        actor.pk != user.pk and not actor.has_perm("review.change_notificationpreference")
    ):
        raise ReviewForbidden("You can change only your own notification preferences.")
    if kind in MANDATORY:
        raise ReviewRefused(MANDATORY[kind])
    if kind not in KINDS:
        raise ReviewRefused(f"Unknown kind of e-mail “{kind}”: choose {', '.join(KINDS)}.")
    if delivery not in Delivery.values:
        raise ReviewRefused(f"Choose how to receive it: {', '.join(Delivery.values)}.")
    pref, _ = NotificationPreference.objects.update_or_create(
        user=user,
        kind=kind,
        defaults={"delivery": delivery, "changed_at": timezone.now(), "changed_how": how},
    )
    return pref


def unsubscribe_token(user, kind: str) -> str:
    return signing.Signer(salt=SALT).sign_object({"u": user.pk, "k": kind}, compress=True)


def _token_data(token: str) -> dict:
    if token.count(":") == 2:  # payload:time stamp:signature, as links were once signed
        return signing.loads(token, salt=SALT)
    return signing.Signer(salt=SALT).unsign_object(token)


def unsubscribe_target(token: str):
    """The person and kind a link is for; refuses a tampered or foreign token."""
    try:
        data = _token_data(token)
        user = get_user_model().objects.get(pk=data["u"], is_active=True)
        kind = data["k"]
    except (signing.BadSignature, KeyError, TypeError, get_user_model().DoesNotExist):
        raise ReviewRefused(
            "This unsubscribe link is not valid (it may have been cut or changed). Sign in "
            "and choose which e-mails you receive on your notification preferences page."
        ) from None
    if kind not in KINDS:
        raise ReviewRefused(MANDATORY.get(kind, f"Unknown kind of e-mail “{kind}”."))
    return user, kind


@transaction.atomic
def unsubscribe(*, token: str):
    """Turn the link's kind off for its person; returns (user, kind, changed)."""
    user, kind = unsubscribe_target(token)
    changed = delivery_for_kind(user, kind) != Delivery.OFF
    if changed:
        preference_set(
            user=user, actor=user, kind=kind, delivery=Delivery.OFF, how="unsubscribe link"
        )
    return user, kind, changed


def delivery_for_kind(user, kind: str) -> str:
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return pref.delivery if pref else Delivery.NOW


def notification_digest_send(*, now=None) -> int:
    """Send each person one e-mail with what was held for their daily digest; returns how
    many digests were written (they go through the outbox like any other e-mail)."""
    from .notifications import notification_queue

    now = now or timezone.now()
    made = 0
    held = Notification.objects.filter(status=NotificationStatus.HELD).select_related(
        "recipient", "article"
    )
    by_person: dict[int, list[Notification]] = {}
    for row in held.order_by("recipient_id", "created_at", "pk"):
        by_person.setdefault(row.recipient_id, []).append(row)
    for rows in by_person.values():
        with transaction.atomic():
            recipient = rows[0].recipient
            message = render_to_string("review/email/daily_digest.txt", {"rows": rows})
            n = len(rows)
            digest = notification_queue(
                recipient=recipient,
                kind="daily_digest",
                subject=f"Your daily digest: {n} notification{'s' if n != 1 else ''}",
                message=message,
            )
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
                status=NotificationStatus.SENT, sent_at=now,
                last_error=f"sent in the daily digest #{digest.pk}" if digest else "",
            )  # fmt: skip
            made += digest is not None
    return made
