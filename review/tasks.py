"""Thin tasks: take ids, re-fetch, return quietly if the row is gone, call a service.

Both are idempotent (sending locks the row and skips it once sent), so ``acks_late`` is
safe. A delivery that failed on a transient error (SMTP server or network down) is retried
with exponential backoff; after that the periodic resend still has it, until
``REVIEW_NOTIFICATION_MAX_ATTEMPTS`` marks it failed.
"""

from __future__ import annotations

from celery import shared_task

from . import services
from .models import Notification, NotificationStatus


@shared_task(bind=True, acks_late=True, max_retries=4, ignore_result=True)
def send_notification_task(self, notification_id: int) -> None:
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return
    result = services.notification_send(notification=notification)
    if result.status == NotificationStatus.PENDING and result.last_error:
        # Transient failure recorded by the service: try again later (30 s, 60 s, 120 s…).
        raise self.retry(countdown=30 * 2**self.request.retries)


@shared_task(acks_late=True, ignore_result=True)
def resend_pending_notifications_task() -> int:
    return services.notification_resend_pending()
