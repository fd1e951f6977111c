"""Board members and admins pass a second factor before any staff page or decision.

Through the views (the middleware sends them to enrol or enter a code) and through the
services (a request's user who has not passed it is refused, whatever view called).
"""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessEvent, AccessEventKind
from articles import services as article_services
from articles.models import ArticleStatus
from articles.substance import content_hash_of
from review import services as review_services
from review.exceptions import ReviewForbidden
from review.models import ReviewAssignment
from tests.accounts.signing_in import authenticator, fresh_code, sign_in_through_forms
from tests.readers.helpers import clerk, member_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(editor, board_member):
    article = article_services.article_create(actor=editor, title="Reviewed?", body="Text.")
    article_services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    return review_services.review_assign(
        article=article, reviewer=member_for(board_member), actor=clerk()
    )


def _decide(client, assignment):
    article = assignment.article
    article.refresh_from_db()
    return client.post(
        reverse("review:decide", args=[assignment.pk]),
        {
            "decision": "approve",
            "seen_content_hash": content_hash_of(article),
            "seen_version": article.text_version,
        },
    )


def _codes_in(html: str) -> list[str]:
    return re.findall(r"<li><code>(\d{8})</code></li>", html)


def test_with_a_password_alone_a_board_member_cannot_open_the_review_or_decide(
    client, board_member, assignment
):
    client.force_login(board_member, second_factor=False)
    page = client.get(reverse("review:article", args=[assignment.article_id]))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:enrol"))  # no authenticator yet

    response = _decide(client, assignment)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/")
    assignment.refresh_from_db()
    assert assignment.decision == "" and assignment.state == "pending"
    assert assignment.article.status == ArticleStatus.UNDER_REVIEW


def test_with_an_authenticator_set_up_they_are_asked_for_the_code(client, board_member):
    authenticator(board_member)
    client.force_login(board_member, second_factor=False)
    page = client.get(reverse("review:my_reviews"))
    assert page["Location"] == f"{reverse('accounts:verify')}?next=%2Feditorial%2Fmy-reviews%2F"


def test_with_the_second_factor_they_open_the_review_and_approve(client, board_member, assignment):
    client.force_login(board_member)
    assert client.get(reverse("review:article", args=[assignment.article_id])).status_code == 200
    _decide(client, assignment)
    assignment.refresh_from_db()
    assert assignment.decision == "approve"
    assert assignment.article.status == ArticleStatus.APPROVED


def test_the_service_refuses_a_signed_in_member_who_has_not_passed_it(board_member, assignment):
    """Whatever view, admin action or form calls it: the rule is in the service."""
    board_member.is_verified = lambda: False  # as django-otp's middleware marks the user
    article = assignment.article
    with pytest.raises(ReviewForbidden, match="requires two-step verification") as refused:
        review_services.review_decide(assignment=assignment, actor=board_member, decision="approve")
    assert "before you record a decision. Nothing was changed." in str(refused.value)
    assignment.refresh_from_db()
    article.refresh_from_db()
    assert assignment.decision == "" and article.status == ArticleStatus.UNDER_REVIEW

    board_member.is_verified = lambda: True
    review_services.review_decide(assignment=assignment, actor=board_member, decision="approve")
    assignment.refresh_from_db()
    assert assignment.decision == "approve"


def test_the_service_refuses_an_admin_assigning_without_it(admin_user, board_member2, editor):
    article = article_services.article_create(actor=editor, title="Assign?", body="Text.")
    article_services.article_submit(article=article, actor=editor)
    admin_user.is_verified = lambda: False
    with pytest.raises(ReviewForbidden, match="two-step verification"):
        review_services.review_assign(
            article=article, reviewer=member_for(board_member2), actor=admin_user
        )
    assert not ReviewAssignment.objects.filter(article=article).exists()


def test_editors_need_no_second_factor_unless_they_set_one_up(client, editor):
    client.force_login(editor, second_factor=False)
    assert client.get(reverse("review:my_articles")).status_code == 200
    authenticator(editor)  # set up of their own accord: from now on it is asked for
    client.force_login(type(editor).objects.get(pk=editor.pk), second_factor=False)
    assert client.get(reverse("review:my_articles")).status_code == 302


def test_a_board_member_enrols_with_the_qr_code_and_gets_backup_codes_once(client, board_member):
    client.force_login(board_member, second_factor=False)
    page = client.get(reverse("accounts:enrol") + "?next=/editorial/my-reviews/")
    html = page.text
    assert "<svg" in html and "Set up two-step verification" in html  # drawn offline
    secret = re.search(r"<code class=\"secret\" data-secret>([A-Z2-7 ]+)</code>", html).group(1)
    device = TOTPDevice.objects.get(user=board_member, confirmed=False)

    wrong = client.post(reverse("accounts:enrol"), {"code": "000000"})
    assert "That code does not match" in wrong.text
    device.refresh_from_db()
    assert not device.confirmed and not StaticToken.objects.exists()

    from base64 import b32decode

    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    code = f"{TOTP(key).token():06d}"
    done = client.post(reverse("accounts:enrol"), {"code": code, "next": "/editorial/"})
    codes = _codes_in(done.text)
    assert len(codes) == 10 and "They are shown only now" in done.text
    device.refresh_from_db()
    assert device.confirmed
    assert AccessEvent.objects.filter(user=board_member, kind=AccessEventKind.ENROLLED).exists()
    assert client.get(reverse("review:my_reviews")).status_code == 200  # passed, this session
    # Never shown again: the set-up page now sends them on.
    assert client.get(reverse("accounts:enrol")).status_code == 302


def test_a_backup_code_works_once(client, board_member):
    device = authenticator(board_member)
    client.force_login(board_member, second_factor=False)
    codes = _codes_in(client.post(reverse("accounts:backup_codes")).text)
    assert codes == []  # replacing backup codes needs the second factor first

    client.force_login(board_member)
    codes = _codes_in(client.post(reverse("accounts:backup_codes")).text)
    assert len(codes) == 10

    client.logout()
    client.force_login(board_member, second_factor=False)
    used = client.post(reverse("accounts:verify"), {"code": codes[0], "next": "/editorial/"})
    assert used.status_code == 302 and used["Location"] == "/editorial/"
    event = AccessEvent.objects.filter(kind=AccessEventKind.BACKUP_CODE_USED).get()
    assert event.detail == "9 backup codes left"

    client.logout()
    client.force_login(board_member, second_factor=False)
    again = client.post(reverse("accounts:verify"), {"code": codes[0]})
    assert again.status_code == 200 and "That code does not match" in again.text
    assert client.get(reverse("review:my_reviews")).status_code == 302  # still not passed
    # The authenticator app still works.
    ok = client.post(reverse("accounts:verify"), {"code": fresh_code(device)})
    assert ok.status_code == 302


def test_signing_in_through_the_forms_asks_for_the_code(client, board_member):
    member_for(board_member)
    response = sign_in_through_forms(client, board_member)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("review:my_reviews")
    kinds = set(AccessEvent.objects.filter(user=board_member).values_list("kind", flat=True))
    assert {AccessEventKind.SIGNED_IN, AccessEventKind.VERIFIED} <= kinds


def test_an_admin_resets_a_members_devices_and_signs_them_out(client, board_member, admin_user):
    member_client = type(client)()
    member_client.force_login(board_member)
    assert member_client.get(reverse("review:my_reviews")).status_code == 200

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_staffaccount_changelist"),
        {"action": "reset_two_step", "_selected_action": [board_member.pk]},
        follow=True,
    )
    assert "Two-step verification reset for 1 account(s)" in response.text
    assert not TOTPDevice.objects.filter(user=board_member).exists()
    assert member_client.get(reverse("review:my_reviews"))["Location"].startswith("/admin/login/")
    event = AccessEvent.objects.get(kind=AccessEventKind.DEVICES_RESET)
    assert event.user == board_member and event.actor == admin_user


def test_a_board_member_cannot_reset_anyones_devices(client, board_member, board_member2):
    authenticator(board_member2)
    client.force_login(board_member)
    response = client.post(
        reverse("admin:accounts_staffaccount_changelist"),
        {"action": "reset_two_step", "_selected_action": [board_member2.pk]},
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=board_member2).exists()
    assert not AccessEvent.objects.filter(kind=AccessEventKind.DEVICES_RESET).exists()


def test_an_editor_may_set_it_up_from_the_workspace(client, editor):
    client.force_login(editor, second_factor=False)
    page = client.get(reverse("review:my_articles")).text
    assert 'href="/accounts/two-step/set-up/?next=/editorial/my-articles/"' in page
    assert "New backup codes" not in page
    client.force_login(type(editor).objects.get(pk=editor.pk))
    authenticator(editor)
    client.force_login(type(editor).objects.get(pk=editor.pk))
    page = client.get(reverse("review:my_articles")).text
    assert "New backup codes" in page and "Set up two-step verification" not in page


def test_signed_in_admins_read_the_metrics_only_after_the_second_factor(client, admin_user):
    outside = {"REMOTE_ADDR": "192.0.2.50"}  # not the scraper's network
    client.force_login(admin_user, second_factor=False)
    assert client.get("/metrics", **outside)["Location"].startswith("/accounts/two-step/")
    client.force_login(admin_user)
    assert client.get("/metrics", **outside).status_code == 200
