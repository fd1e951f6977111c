"""Emails go through an outbox: written with the action, sent after commit, never lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from review import services
from review.models import Decision, Notification, NotificationStatus
from review.tasks import resend_pending_notifications_task, send_notification_task
from tests.review.helpers import celery_config

BROKER_DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_unreachable():
    """Celery configured for a real broker that is down, with short timeouts."""
    with celery_config(
        task_always_eager=False,
        broker_url=BROKER_DOWN,
        broker_connection_timeout=0.5,
        broker_transport_options={"max_retries": 0, "socket_connect_timeout": 0.5},
        broker_connection_retry=False,
        broker_connection_max_retries=0,
    ):
        yield


def test_assignment_email_is_sent_only_after_commit(
    submitted, member, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.review_assign(article=submitted, reviewer=member, actor=admin_user)
        notification = Notification.objects.get(kind="assigned")
        assert notification.status == NotificationStatus.PENDING
        assert notification.email == member.user.email
        assert mail.outbox == []
    assert callbacks, "the email is enqueued on commit"
    for callback in callbacks:
        callback()
    [email] = mail.outbox
    assert email.to == [member.user.email]
    assert email.subject == f"Review requested: {submitted.title}"
    assert f"/editorial/articles/{submitted.pk}/" in email.body
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT and notification.sent_at


def test_nothing_is_written_or_sent_when_the_transaction_rolls_back(
    submitted, member, admin_user, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.review_assign(article=submitted, reviewer=member, actor=admin_user)
        raise RuntimeError("something later in the request failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and not submitted.assignments.exists()


def test_decision_and_approval_tell_the_people_concerned(
    assigned, board_member, editor, admin_user, run_on_commit
):
    mail.outbox.clear()
    run_on_commit(
        services.review_decide, assignment=assigned, actor=board_member, decision=Decision.APPROVE
    )
    sent = {(m.subject.split(":")[0], m.to[0]) for m in mail.outbox}
    assert ("Board decision (approve)", editor.email) in sent
    assert ("Board decision (approve)", admin_user.email) in sent
    assert ("Approved and published", editor.email) in sent
    assert ("Approved and published", board_member.email) in sent
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == 0


def test_broker_unreachable_the_action_succeeds_and_the_email_is_sent_later(
    submitted, member, admin_user, run_on_commit, broker_unreachable, caplog
):
    # How long a dead broker holds the request up: ``bench/run_all.py`` prints it.
    assignment = run_on_commit(
        services.review_assign, article=submitted, reviewer=member, actor=admin_user
    )
    assert "Could not enqueue notification" in caplog.text  # the broker was really tried
    submitted.refresh_from_db()
    assert submitted.status == "under_review"
    assert assignment.pk is not None
    notification = Notification.objects.get(kind="assigned")
    assert notification.status == NotificationStatus.PENDING
    assert mail.outbox == []

    # Later (the periodic resend runs once the broker is back), the email goes out, once.
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=2)
    )
    assert services.notification_resend_pending() == 1
    assert services.notification_resend_pending() == 0
    [email] = mail.outbox
    assert email.to == [member.user.email]
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


def test_resend_skips_recent_rows_and_sending_is_idempotent(assigned):
    notification = Notification.objects.get(kind="assigned")
    mail.outbox.clear()
    Notification.objects.filter(pk=notification.pk).update(status=NotificationStatus.PENDING)
    assert resend_pending_notifications_task.apply().get() == 0  # younger than a minute
    send_notification_task.apply(args=[notification.pk])
    send_notification_task.apply(args=[notification.pk])  # delivered twice: sent once
    send_notification_task.apply(args=[10**9])  # gone: returns quietly
    assert len(mail.outbox) == 1


def test_a_failed_delivery_is_recorded_and_retried(assigned, settings, monkeypatch):
    notification = Notification.objects.get(kind="assigned")
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.PENDING, attempts=0
    )

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("review.services.notifications.send_mail", smtp_down)
    settings.REVIEW_NOTIFICATION_MAX_ATTEMPTS = 2
    services.notification_send(notification=notification)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 1)
    assert "SMTP server down" in notification.last_error
    services.notification_send(notification=notification)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.FAILED, 2)


def test_no_transaction_is_open_while_the_email_is_sent(assigned, monkeypatch):
    """Claimed (and committed) before sending; recorded after, in a second transaction."""
    from django.db import connection

    notification = Notification.objects.get(kind="assigned")
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.PENDING, attempts=0
    )
    baseline = len(connection.atomic_blocks)  # the test's own transaction
    seen = []

    def spy(*args, **kwargs):
        row = Notification.objects.get(pk=notification.pk)
        seen.append((len(connection.atomic_blocks), row.status, row.attempts))
        return 1

    monkeypatch.setattr("review.services.notifications.send_mail", spy)
    result = services.notification_send(notification=notification)
    assert seen == [(baseline, NotificationStatus.SENDING, 1)]
    assert result.status == NotificationStatus.SENT and result.last_attempt_at


def test_a_row_being_sent_is_left_to_its_sender(assigned, monkeypatch):
    notification = Notification.objects.get(kind="assigned")
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENDING, attempts=1, last_attempt_at=timezone.now()
    )
    mail.outbox.clear()
    result = services.notification_send(notification=notification)
    assert (result.status, result.attempts, mail.outbox) == (NotificationStatus.SENDING, 1, [])
    # A sender that died long ago: the row is taken back and sent (at-least-once).
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(hours=1),
        last_attempt_at=timezone.now() - timedelta(minutes=11),
    )
    assert services.notification_resend_pending() == 1
    assert len(mail.outbox) == 1


def test_resend_leaves_recent_failures_to_the_task_backoff(assigned, time_machine):
    notification = Notification.objects.get(kind="assigned")
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.PENDING,
        attempts=2,
        last_attempt_at=now - timedelta(seconds=45),
        created_at=now - timedelta(minutes=5),
        last_error="ConnectionRefusedError: SMTP server down",
    )
    mail.outbox.clear()
    assert services.notification_resend_pending() == 0  # the task retries after 60 s
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 2)
    assert mail.outbox == []
    time_machine.move_to(now + timedelta(seconds=20), tick=False)
    assert services.notification_resend_pending() == 1
    assert len(mail.outbox) == 1
