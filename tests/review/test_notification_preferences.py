"""Notification preferences: per person and kind, honoured by the outbox, a daily digest,
a signed one-click unsubscribe (with List-Unsubscribe headers), mandatory kinds explained."""

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse

from review import services
from review.exceptions import ReviewForbidden, ReviewRefused
from review.models import Delivery, Notification, NotificationPreference, NotificationStatus
from review.services import preferences as prefs


def _assign(run_on_commit, submitted, member, admin_user):
    return run_on_commit(
        services.review_assign, article=submitted, reviewer=member, actor=admin_user
    )


def test_by_default_every_email_goes_at_once_with_unsubscribe_headers(
    run_on_commit, submitted, member, admin_user
):
    _assign(run_on_commit, submitted, member, admin_user)
    [email] = [m for m in mail.outbox if m.to == [member.user.email]]
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/editorial/unsubscribe/" in link
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Stop e-mails about reviews assigned to you, asked again or withdrawn: {link}" in (
        email.body
    )


def test_an_email_sent_later_than_written_carries_the_same_link_in_text_and_header(
    submitted, member, admin_user
):
    with time_machine.travel("2026-12-03 09:00:00Z", tick=False):
        services.review_assign(article=submitted, reviewer=member, actor=admin_user)
    pending = Notification.objects.get(recipient=member.user, kind="assigned")
    with time_machine.travel("2026-12-03 11:30:00Z", tick=False):  # a retry, hours later
        services.notification_send(notification=pending)
    [email] = [m for m in mail.outbox if m.to == [member.user.email]]
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert f"asked again or withdrawn: {link}" in email.body


def test_an_unsubscribe_link_signed_with_a_time_stamp_still_works(client, member):
    old = signing.dumps({"u": member.user.pk, "k": "decision"}, salt=prefs.SALT, compress=True)
    client.post(reverse("review:unsubscribe", args=[old]))
    assert prefs.delivery_for(member.user, "decided") == Delivery.OFF


def test_a_kind_turned_off_is_not_written_to_the_outbox(
    run_on_commit, submitted, member, admin_user
):
    prefs.preference_set(user=member.user, actor=member.user, kind="assignment", delivery="off")
    _assign(run_on_commit, submitted, member, admin_user)
    assert not Notification.objects.filter(recipient=member.user, kind="assigned").exists()
    assert not [m for m in mail.outbox if m.to == [member.user.email]]


def test_a_daily_kind_is_held_then_sent_in_one_digest(run_on_commit, submitted, member, admin_user):
    prefs.preference_set(user=member.user, actor=member.user, kind="assignment", delivery="daily")
    _assign(run_on_commit, submitted, member, admin_user)
    held = Notification.objects.get(recipient=member.user, kind="assigned")
    assert held.status == NotificationStatus.HELD
    assert not [m for m in mail.outbox if m.to == [member.user.email]]
    assert run_on_commit(prefs.notification_digest_send) == 1
    held.refresh_from_db()
    assert held.status == NotificationStatus.SENT
    [digest] = [m for m in mail.outbox if m.to == [member.user.email]]
    assert digest.subject == "Your daily digest: 1 notification"
    assert held.subject in digest.body
    assert run_on_commit(prefs.notification_digest_send) == 0  # nothing held twice


def test_the_signed_link_unsubscribes_once_and_a_tampered_one_changes_nothing(client, member):
    token = prefs.unsubscribe_token(member.user, "decision")
    url = reverse("review:unsubscribe", args=[token])
    assert "Stop e-mails about <strong>board decisions on your articles</strong>" in (
        client.get(url).text
    )
    assert not NotificationPreference.objects.exists()  # a GET changes nothing
    tampered = reverse("review:unsubscribe", args=[token[:-2] + "xx"])
    response = client.post(tampered)
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.text
    assert "Sign in to choose which e-mails you receive" in response.text
    assert not NotificationPreference.objects.exists()
    response = client.post(url)  # one click, no sign-in, no CSRF token (RFC 8058)
    assert "you will no longer receive e-mails about board decisions" in response.text
    pref = NotificationPreference.objects.get(user=member.user, kind="decision")
    assert (pref.delivery, pref.changed_how) == (Delivery.OFF, "unsubscribe link")
    assert "You already receive no e-mails about" in client.post(url).text


def test_mandatory_kinds_say_why_they_cannot_be_turned_off(client, editor):
    with pytest.raises(ReviewRefused, match="An overdue review escalated to you cannot be"):
        prefs.preference_set(user=editor, actor=editor, kind="stale_escalation", delivery="off")
    assert not NotificationPreference.objects.exists()
    client.force_login(editor)
    page = client.get(reverse("review:notification_preferences")).text
    assert "An overdue review escalated to you cannot be turned off" in page


def test_people_set_their_own_on_their_page_and_not_others(client, editor, editor2):
    client.force_login(editor)
    client.post(reverse("review:notification_preferences"), {"decision": "daily"})
    assert prefs.delivery_for(editor, "decided") == Delivery.DAILY
    assert prefs.delivery_for(editor, "assigned") == Delivery.NOW
    with pytest.raises(ReviewForbidden, match="only your own notification preferences"):
        prefs.preference_set(user=editor2, actor=editor, kind="decision", delivery="off")
    assert not NotificationPreference.objects.filter(user=editor2).exists()


def test_admins_see_each_persons_choices(client, admin_user, editor):
    prefs.preference_set(user=editor, actor=editor, kind="reminder", delivery="off")
    client.force_login(admin_user)
    page = client.get(reverse("admin:review_notificationpreference_changelist")).text
    assert editor.get_username() in page and "Not at all" in page
