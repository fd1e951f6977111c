"""The notification outbox.

Decisions:
- A review action writes its emails as ``Notification`` rows in its own transaction, so a
  notification exists exactly when the action committed (a rollback leaves none).
- After commit, ``send_notification_task`` is enqueued. Enqueueing never raises: a broker
  outage is logged and the row stays pending; ``resend_pending_notifications_task`` (every
  minute, from django-celery-beat) sends whatever is still pending after a minute.
- Sending is idempotent: the row is locked, skipped if already sent, and marked sent in the
  same transaction, so a task delivered twice (``acks_late``) sends one email. (An SMTP
  server that accepts the message and then the database failing to commit can still
  produce a second email: at-least-once, never zero.)
- A failed delivery is recorded (``attempts``, ``last_error``); after
  ``REVIEW_NOTIFICATION_MAX_ATTEMPTS`` the row is marked failed and shown in the admin.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from ..models import Notification, NotificationStatus

logger = logging.getLogger(__name__)

# Errors worth another try later: the SMTP server or the network, not our data.
TRANSIENT_SEND_ERRORS = (OSError,)


def _max_attempts() -> int:
    return getattr(settings, "REVIEW_NOTIFICATION_MAX_ATTEMPTS", 5)


def review_page_url(article: Article) -> str:
    base = getattr(settings, "REVIEW_SITE_URL", "").rstrip("/")
    return f"{base}{reverse('review:article', args=[article.pk])}"


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
    *, recipient, kind: str, subject: str, message: str, article: Article | None = None
) -> Notification | None:
    """Write one email to the outbox, to be sent after the surrounding transaction commits.

    Returns ``None`` (and writes nothing) for a recipient without an email address or an
    inactive account: there is nobody to tell.
    """
    if not (recipient and recipient.is_active and recipient.email):
        return None
    body = render_to_string(
        "review/email/notification.txt",
        {
            "recipient": recipient,
            "message": message,
            "article": article,
            "url": review_page_url(article) if article else "",
        },
    )
    notification = Notification(
        recipient=recipient,
        email=recipient.email,
        kind=kind,
        article=article,
        subject=subject[:255],
        body=body,
    )
    notification.full_clean()
    notification.save()
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


@transaction.atomic
def notification_send(*, notification: Notification) -> Notification:
    """Send one pending notification, exactly once; record a failure instead of raising.

    The caller (a task) looks at ``status``/``last_error`` to decide whether to retry.
    """
    fresh = Notification.objects.select_for_update().filter(pk=notification.pk).first()
    if fresh is None or fresh.status != NotificationStatus.PENDING:
        return fresh or notification
    fresh.attempts += 1
    try:
        send_mail(
            fresh.subject,
            fresh.body,
            settings.DEFAULT_FROM_EMAIL,
            [fresh.email],
            fail_silently=False,
        )
    except TRANSIENT_SEND_ERRORS as error:
        fresh.last_error = f"{type(error).__name__}: {error}"[:2000]
        if fresh.attempts >= _max_attempts():
            fresh.status = NotificationStatus.FAILED
        logger.warning("Notification %s not sent (attempt %s): %s", fresh.pk, fresh.attempts, error)
    else:
        fresh.status = NotificationStatus.SENT
        fresh.sent_at = timezone.now()
        fresh.last_error = ""
    fresh.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return fresh


def notification_resend_pending(
    *, older_than: timedelta = timedelta(minutes=1), limit: int = 200
) -> int:
    """Send what is still pending after ``older_than`` (the broker was down, a worker died).

    Each row is sent in its own transaction, so one bad address never holds up the rest.
    Returns how many were sent now.
    """
    cutoff = timezone.now() - older_than
    ids = list(
        Notification.objects.filter(
            status=NotificationStatus.PENDING, created_at__lte=cutoff
        ).values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in ids:
        result = notification_send(notification=Notification(pk=pk))
        sent += result.status == NotificationStatus.SENT
    return sent
