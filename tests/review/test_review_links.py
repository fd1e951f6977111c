"""One touch from the e-mail: the review request, "review again" and reminder e-mails carry
a link to the member's review that opens once, for that member, until it expires, and
never skips signing in or the second factor."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from review import services
from review.models import Decision, Notification, ReviewLink
from review.services.links import LinkRefused, review_link_use
from tests.accounts.signing_in import authenticator, sign_in_through_forms
from tests.review.helpers import edit

LINK = re.compile(r"Open your review in one touch: (\S+)")


def _link_in_mail(user) -> str:
    [email] = [m for m in mail.outbox if m.to == [user.email]]
    return LINK.search(email.body).group(1)


def _path(url: str) -> str:
    return url[url.index("/editorial/") :]


def test_the_review_request_carries_a_link_for_the_member_only(assigned, member, admin_user):
    url = _link_in_mail(member.user)
    assert "opens once and expires in 72 hours" in mail.outbox[0].body
    link = ReviewLink.objects.get()
    assert (link.user, link.assignment, link.kind) == (member.user, assigned, "assigned")
    assert link.digest not in url  # only the digest is stored, never the token
    assert link.expires_at - link.created_at == timedelta(hours=72)


def test_the_link_opens_the_review_once(client, assigned, member):
    path = _path(_link_in_mail(member.user))
    client.force_login(member.user)
    first = client.get(path)
    assert first.status_code == 302
    assert first["Location"] == reverse("review:article", args=[assigned.article_id])
    assert client.get(first["Location"]).status_code == 200
    again = client.get(path)
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert "Go to your reviews" in again.content.decode()
    review_page = reverse("review:article", args=[assigned.article_id])
    assert f'<a href="{review_page}">Open the review</a>' in again.content.decode()


def test_the_link_still_opens_just_before_it_expires(client, assigned, member):
    path = _path(_link_in_mail(member.user))
    with time_machine.travel(timezone.now() + timedelta(hours=71, minutes=59)):
        client.force_login(member.user)
        opened = client.get(path)
    assert opened["Location"] == reverse("review:article", args=[assigned.article_id])
    assert ReviewLink.objects.get().used_at is not None


def test_an_expired_link_says_so_and_offers_sign_in(client, assigned, member):
    path = _path(_link_in_mail(member.user))
    with time_machine.travel(timezone.now() + timedelta(hours=72, minutes=1)):
        page = client.get(path)  # not signed in: told at once, not sent to sign in first
        assert page.status_code == 410
        body = page.content.decode()
        assert "This review link expired on" in body
        assert reverse("admin:login") in body and "Sign in" in body
        client.force_login(member.user)
        assert client.get(path).status_code == 410
    assert ReviewLink.objects.get().used_at is None


def test_the_expiry_follows_the_setting(assigned, member, settings):
    settings.REVIEW_LINK_MAX_AGE_HOURS = 2
    link = ReviewLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(hours=72)  # made before
    from review.services.links import review_link_create

    review_link_create(assignment=assigned, user=member.user, kind="assigned")
    newest = ReviewLink.objects.order_by("-pk").first()
    assert newest.expires_at - newest.created_at == timedelta(hours=2)


def test_someone_elses_link_is_refused_and_stays_usable_for_its_member(
    client, assigned, member, board_member2
):
    path = _path(_link_in_mail(member.user))
    client.force_login(board_member2)
    page = client.get(path)
    assert page.status_code == 200
    assert "sent to another board member" in page.content.decode()
    assert "Open the review<" not in page.content.decode()
    assert assigned.article.title not in page.content.decode()
    assert ReviewLink.objects.get().used_at is None
    with pytest.raises(LinkRefused) as refused:
        review_link_use(token=path.rstrip("/").rsplit("/", 1)[1], user=board_member2)
    assert refused.value.reason == "foreign"
    client.force_login(member.user)
    assert client.get(path).status_code == 302


def test_a_tampered_link_gets_a_clear_page(client, assigned, member):
    path = _path(_link_in_mail(member.user))
    tampered = path[:-3] + ("x" if path[-3] != "x" else "y") + path[-2:]
    page = client.get(tampered)
    assert page.status_code == 200
    assert "This review link is not valid" in page.content.decode()
    assert ReviewLink.objects.get().used_at is None


def test_not_signed_in_it_asks_to_sign_in_then_for_the_second_factor_and_comes_back(
    client, assigned, member
):
    path = _path(_link_in_mail(member.user))
    page = client.get(path)
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("admin:login"))
    assert ReviewLink.objects.get().used_at is None  # not used by being asked to sign in
    authenticator(member.user)
    response = sign_in_through_forms(client, member.user, query=f"?next={path}")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("review:article", args=[assigned.article_id])
    assert ReviewLink.objects.get().used_at is not None


def test_the_second_factor_is_still_required(client, assigned, member):
    path = _path(_link_in_mail(member.user))
    authenticator(member.user)
    client.force_login(member.user, second_factor=False)
    page = client.get(path)
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:verify"))
    assert ReviewLink.objects.get().used_at is None
    assert client.get(reverse("review:article", args=[assigned.article_id])).status_code == 302


def test_changes_answered_asks_again_with_a_fresh_link(
    run_on_commit, assigned, member, board_member, editor
):
    services.review_decide(
        assignment=assigned,
        actor=board_member,
        decision=Decision.REQUEST_CHANGES,
        comment="Cite the 2023 guideline.",
    )
    mail.outbox.clear()
    run_on_commit(edit, assigned.article, editor, body="## From the Guidelines\n\nRevised.\n")
    run_on_commit(
        article_services.article_submit,
        article=Article.objects.get(pk=assigned.article_id),
        actor=editor,
        comment="Cited the 2023 guideline.",
    )
    again = Notification.objects.get(recipient=board_member, kind="asked_again")
    assert LINK.search(again.body)
    link = ReviewLink.objects.get(kind="asked_again")
    assert link.assignment.previous == assigned and link.user == board_member


def test_the_overdue_reminder_carries_a_link_and_the_escalation_does_not(
    run_on_commit, assigned, member, admin_user
):
    from freshness.models import Reason, Severity, StaleFlag
    from freshness.services import stale_digest_send

    StaleFlag.objects.create(
        article=assigned.article,
        reason=Reason.REVIEW_ASSIGNMENT_OVERDUE,
        assignment=assigned,
        detail="overdue",
        severity=Severity.MEDIUM,
    )
    run_on_commit(stale_digest_send, weekly=False)
    reminder = Notification.objects.get(kind="stale_reminder")
    assert LINK.search(reminder.body)
    assert ReviewLink.objects.filter(kind="stale_reminder", user=member.user).count() == 1
