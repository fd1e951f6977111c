"""Thin tasks: take ids, re-fetch, return quietly if the row is gone, call a service.

Both are idempotent (sending claims the row first and never sends a sent row again), so
``acks_late`` is safe. A delivery that failed on a transient error (SMTP server or network
down) is retried with exponential backoff; after that the periodic resend still has it,
until ``REVIEW_NOTIFICATION_MAX_ATTEMPTS`` marks it failed.
"""

from __future__ import annotations

from celery import shared_task

from . import services
from .models import Notification, NotificationStatus
from .services.notifications import retry_delay


@shared_task(bind=True, acks_late=True, max_retries=4, ignore_result=True)
def send_notification_task(self, notification_id: int) -> None:
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return
    result = services.notification_send(notification=notification)
    if result.status == NotificationStatus.PENDING and result.last_error:
        # Transient failure recorded by the service: try again later (30 s, 60 s, 120 s…),
        # the same delay for which the periodic resend leaves the row to this retry.
        delay = retry_delay(result.attempts)
        raise self.retry(countdown=delay.total_seconds())


@shared_task(acks_late=True, ignore_result=True)
def send_notification_digest_task() -> int:
    """The daily digest of e-mails people chose to receive once a day."""
    from .services.preferences import notification_digest_send

    return notification_digest_send()


@shared_task(acks_late=True, ignore_result=True)
def resend_pending_notifications_task() -> int:
    return services.notification_resend_pending()
