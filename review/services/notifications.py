"""The notification outbox.

Decisions:
- A review action writes its emails as ``Notification`` rows in its own transaction, so a
  notification exists exactly when the action committed (a rollback leaves none).
- After commit, ``send_notification_task`` is enqueued. Enqueueing never raises: a broker
  outage is logged and the row stays pending; ``resend_pending_notifications_task`` (every
  minute, from django-celery-beat) sends whatever is still pending after a minute.
- Sending holds no transaction while talking to the SMTP server: a short transaction
  claims the row (``sending``, ``attempts`` + 1, ``last_attempt_at``), the email is sent
  with no transaction open, and a second short transaction marks it sent (or pending
  again, or failed). A sent row is never sent again and a row being sent is left alone,
  so a task delivered twice (``acks_late``) sends one email. (A sender that dies between
  the SMTP server accepting the message and the second transaction leaves the row
  ``sending``; after ``SENDING_TIMEOUT`` it is sent again: at-least-once, never zero.)
- A failed delivery is recorded (``attempts``, ``last_error``) and retried by the task
  after ``retry_delay``; the periodic resend skips rows attempted more recently than that,
  so the two never double up. After ``REVIEW_NOTIFICATION_MAX_ATTEMPTS`` the row is marked
  failed and shown in the admin.
- Each person's preferences (``review.preferences``) are honoured here, when the row is
  written: a kind turned off writes nothing; a kind in the daily digest is written
  ``held`` (not sent) and goes out in ``notification_digest_send``; mandatory kinds are
  always sent at once. Every e-mail of a kind one can choose carries a signed one-click
  unsubscribe link for that kind, in its text and in ``List-Unsubscribe`` headers.
- A review request, "review again" or reminder carries the member's one-touch link to
  the review (``review.services.links``).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from ..models import Delivery, Notification, NotificationStatus
from ..preferences import KINDS, kind_of

logger = logging.getLogger(__name__)

# Errors worth another try later: the SMTP server or the network, not our data.
TRANSIENT_SEND_ERRORS = (OSError,)


def _max_attempts() -> int:
    return getattr(settings, "REVIEW_NOTIFICATION_MAX_ATTEMPTS", 5)


def review_page_url(article: Article) -> str:
    base = getattr(settings, "REVIEW_SITE_URL", "").rstrip("/")
    return f"{base}{reverse('review:article', args=[article.pk])}"


def send_mail(subject, body, from_email, recipients, *, headers=None) -> int:
    """Django's ``send_mail`` with extra headers (the unsubscribe ones)."""
    return EmailMessage(subject, body, from_email, recipients, headers=headers).send()


def unsubscribe_url(user, outbox_kind: str) -> str:
    """The signed one-click unsubscribe link for this kind ("" : nothing to choose)."""
    from .preferences import unsubscribe_token

    kind = kind_of(outbox_kind)
    if kind is None:
        return ""
    base = getattr(settings, "REVIEW_SITE_URL", "").rstrip("/")
    return f"{base}{reverse('review:unsubscribe', args=[unsubscribe_token(user, kind)])}"


def enqueue_notification(notification_id: int) -> bool:
    """Hand the notification to Celery; on any broker trouble log it and carry on.

    Runs after commit, inside the request that took the action: it must never raise. The
    row stays pending and the periodic resend picks it up.
    """
    from ..tasks import send_notification_task

    try:
        send_notification_task.apply_async(
            args=[notification_id],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception:  # broker down (kombu OperationalError, redis errors, socket errors)
        logger.warning(
            "Could not enqueue notification %s; it stays pending and will be resent.",
            notification_id,
            exc_info=True,
        )
        return False
    return True


def notification_queue(
    *,
    recipient,
    kind: str,
    subject: str,
    message: str,
    article: Article | None = None,
    template: str = "review/email/notification.txt",
    assignment=None,
) -> Notification | None:
    """Write one email to the outbox, to be sent after the surrounding transaction commits.

    Returns ``None`` (and writes nothing) for a recipient without an email address or an
    inactive account, or who turned this kind of e-mail off: there is nobody to tell.
    ``template`` wraps ``message`` (greeting and footer). With ``assignment`` (a review
    request, asked again, a reminder) the member it belongs to gets a one-touch link to
    the review (``review.services.links``).
    """
    from .preferences import delivery_for

    if not (recipient and recipient.is_active and recipient.email):
        return None
    delivery = delivery_for(recipient, kind)
    if delivery == Delivery.OFF:
        return None
    chosen = kind_of(kind)
    review_link = ""
    if assignment is not None and assignment.reviewer.user_id == recipient.pk:
        from .links import max_age, review_link_create

        review_link = review_link_create(assignment=assignment, user=recipient, kind=kind)
    body = render_to_string(
        template,
        {
            "recipient": recipient,
            "message": message,
            "article": article,
            "url": review_page_url(article) if article else "",
            "kind_label": KINDS[chosen][0].lower() if chosen else "",
            "unsubscribe_url": unsubscribe_url(recipient, kind),
            "review_link": review_link,
            "link_hours": int(max_age().total_seconds() // 3600) if review_link else 0,
        },
    )
    notification = Notification(
        recipient=recipient,
        email=recipient.email,
        kind=kind,
        article=article,
        subject=subject[:255],
        body=body,
        status=NotificationStatus.HELD
        if delivery == Delivery.DAILY
        else NotificationStatus.PENDING,
    )
    notification.full_clean()
    notification.save()
    if notification.status == NotificationStatus.PENDING:
        transaction.on_commit(lambda: enqueue_notification(notification.pk))
    return notification


def notify_each(users, **kwargs) -> list[Notification]:
    """``notification_queue`` for each distinct user."""
    seen, made = set(), []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        notification = notification_queue(recipient=user, **kwargs)
        if notification:
            made.append(notification)
    return made


# A row claimed longer ago than this is taken to belong to a sender that died mid-send;
# it is claimed again (the one case where an email could go out twice: at-least-once).
SENDING_TIMEOUT = timedelta(minutes=10)


def retry_delay(attempts: int) -> timedelta:
    """How long after its ``attempts``-th failed attempt a row is tried again (30 s, 60 s,
    120 s…). The task's own retries wait this long, and the periodic resend leaves a row
    alone for as long, so the two never double up."""
    return timedelta(seconds=30 * 2 ** max(attempts - 1, 0))


def _claim(pk: int, *, respect_backoff: bool) -> tuple[Notification | None, bool]:
    """Claim the row for one attempt, in a short transaction; return (row, claimed).

    Only a pending row is claimed (or one left ``sending`` by a sender that died); a row
    another sender holds, or one already sent or failed, is returned unclaimed. With
    ``respect_backoff`` a row attempted less than ``retry_delay`` ago is left alone too.
    """
    now = timezone.now()
    with transaction.atomic():
        fresh = Notification.objects.select_for_update().filter(pk=pk).first()
        if fresh is None:
            return None, False
        last = fresh.last_attempt_at
        if fresh.status == NotificationStatus.SENDING:
            free = not last or now - last >= SENDING_TIMEOUT  # its sender died
        elif fresh.status == NotificationStatus.PENDING:
            free = not (respect_backoff and last and now - last < retry_delay(fresh.attempts))
        else:  # sent or failed
            free = False
        if not free:
            return fresh, False
        fresh.status = NotificationStatus.SENDING
        fresh.attempts += 1
        fresh.last_attempt_at = now
        fresh.save(update_fields=["status", "attempts", "last_attempt_at"])
    return fresh, True


def _record_outcome(
    notification: Notification, error: Exception | None, *, final: bool = False
) -> Notification:
    """Mark the claimed row sent, pending again (to be retried) or failed; short txn."""
    with transaction.atomic():
        fresh = Notification.objects.select_for_update().get(pk=notification.pk)
        if error is None:
            fresh.status = NotificationStatus.SENT
            fresh.sent_at = timezone.now()
            fresh.last_error = ""
        else:
            fresh.last_error = f"{type(error).__name__}: {error}"[:2000]
            fresh.status = (
                NotificationStatus.FAILED
                if final or fresh.attempts >= _max_attempts()
                else NotificationStatus.PENDING
            )
        fresh.save(update_fields=["status", "sent_at", "last_error"])
    return fresh


def notification_send(*, notification: Notification, respect_backoff: bool = False) -> Notification:
    """Send one pending notification; record a failure instead of raising.

    Three steps, so that no database transaction (nor row lock) is held while talking to
    the SMTP server: claim the row (``sending``, one more attempt) and commit; send; then
    record the outcome. A sent row is never sent again, and two senders never send the same
    row at once (the second finds it ``sending`` and leaves it). The caller (a task) looks
    at ``status``/``last_error`` to decide whether to retry.
    """
    fresh, claimed = _claim(notification.pk, respect_backoff=respect_backoff)
    if not claimed:
        return fresh or notification
    try:
        headers = {}
        link = unsubscribe_url(fresh.recipient, fresh.kind)
        if link:  # RFC 2369 and RFC 8058 one-click unsubscribe
            headers = {
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        send_mail(
            fresh.subject,
            fresh.body,
            settings.DEFAULT_FROM_EMAIL,
            [fresh.email],
            headers=headers,
        )
    except TRANSIENT_SEND_ERRORS as error:
        logger.warning("Notification %s not sent (attempt %s): %s", fresh.pk, fresh.attempts, error)
        return _record_outcome(fresh, error)
    except Exception as error:
        # Not worth retrying (our data, not the network), but never left claimed.
        _record_outcome(fresh, error, final=True)
        raise
    return _record_outcome(fresh, None)


def notification_resend_pending(
    *, older_than: timedelta = timedelta(minutes=1), limit: int = 200
) -> int:
    """Send what is still pending after ``older_than`` (the broker was down, a worker died).

    A row attempted recently is left to the task's own backoff (``retry_delay``); a row
    left ``sending`` for longer than ``SENDING_TIMEOUT`` is taken back. Each row is sent on
    its own, so one bad address never holds up the rest. Returns how many were sent now.
    """
    now = timezone.now()
    candidates = Notification.objects.filter(
        Q(status=NotificationStatus.PENDING, created_at__lte=now - older_than)
        | Q(status=NotificationStatus.SENDING, last_attempt_at__lte=now - SENDING_TIMEOUT)
    ).order_by("created_at", "pk")
    due = [
        pk
        for pk, attempts, last in candidates.values_list("pk", "attempts", "last_attempt_at")[
            : limit * 5
        ]
        if last is None or now - last >= min(retry_delay(attempts), SENDING_TIMEOUT)
    ][:limit]
    sent = 0
    for pk in due:
        result = notification_send(notification=Notification(pk=pk), respect_backoff=True)
        sent += result.status == NotificationStatus.SENT
    return sent
