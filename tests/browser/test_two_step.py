"""Two-step verification in a real browser, and the admin under the Content-Security-Policy.

A board member signs in for the first time, sets up an authenticator from the key the page
shows (the code computed as their app would), keeps the backup codes, signs in again with
a code, reaches their review and approves. Screenshots under ``test-artifacts/``:
two-step-enrol, two-step-backup-codes, two-step-verify, admin-*.
"""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from articles import services as article_services
from articles.models import Article, ArticleStatus
from review import services
from tests.browser.conftest import TEST_PASSWORD
from tests.references.factories import ReferenceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "What is the treatment for psoas myositis?"


def _code_for(secret_text: str, *, offset: int = 0) -> str:
    """What an authenticator app shows for the key (``offset`` steps of 30 s from now)."""
    raw = secret_text.replace(" ", "")
    key = b32decode(raw + "=" * (-len(raw) % 8))
    totp = TOTP(key)
    totp.t0 -= offset * totp.step  # a later step, as the app shows 30 s on
    return f"{totp.token():06d}"


def _sign_in(page, live_server, user, password=TEST_PASSWORD):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_a_board_member_enrols_signs_in_with_a_code_and_approves(
    page, live_server, editor, board_member, admin_user, shoot
):
    ReferenceFactory(key="crum2004")
    article = article_services.article_create(
        actor=editor, title=TITLE, body="Antibiotics active against *S aureus* [@crum2004]."
    )
    article_services.article_submit(article=article, actor=editor)
    member = services.board_member_create(
        actor=admin_user, user=board_member, display_name="Jane Roe", credentials="MD"
    )
    services.review_assign(article=article, reviewer=member, actor=admin_user)

    _sign_in(page, live_server, board_member)
    expect(page.get_by_role("heading", name="Set up two-step verification")).to_be_visible()
    assert page.locator("figure.qr svg").is_visible()  # the QR code, drawn on the server
    secret = page.locator("[data-secret]").inner_text()
    shoot(page, "two-step-enrol")

    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("That code does not match")

    page.get_by_label("Code", exact=True).fill(_code_for(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Two-step verification is on")).to_be_visible()
    codes = page.locator("ul.codes code").all_inner_texts()
    assert len(codes) == 10 and all(len(c) == 8 and c.isdigit() for c in codes)
    shoot(page, "two-step-backup-codes")
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="My reviews", level=1)).to_be_visible()

    # Next sign-in: the password, then the code the app shows (the next one: a code is
    # accepted once).
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    _sign_in(page, live_server, board_member)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    shoot(page, "two-step-verify")
    page.get_by_label("Code", exact=True).fill(_code_for(secret, offset=1))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="My reviews", level=1)).to_be_visible()

    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()
    page.get_by_label("Approve").check()
    page.get_by_label("I checked the cited evidence").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Your decision was recorded.")).to_be_visible()
    article = Article.objects.get(pk=article.pk)
    assert article.status == ArticleStatus.APPROVED
    assert article.published_versions.get().reviewers[0]["name"].startswith("Jane Roe")


ADMIN_PAGES = [
    ("admin-index", "/admin/"),
    ("admin-articles", "/admin/articles/article/"),
    ("admin-article-change", "/admin/articles/article/{article}/change/"),
    ("admin-user-change", "/admin/auth/user/{user}/change/"),
    ("admin-access-events", "/admin/accounts/accessevent/"),
    ("admin-staff-accounts", "/admin/accounts/staffaccount/"),
    ("admin-lockouts", "/admin/axes/accessattempt/"),
]


def test_the_admin_works_under_the_content_security_policy(
    page, live_server, login, editor, admin_user, shoot
):
    """No page of the admin trips the policy: Chromium reports each refused inline script
    or style on the console."""
    article = article_services.article_create(actor=editor, title=TITLE, body="Text.")
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(page, admin_user)
    for name, path in ADMIN_PAGES:
        page.goto(live_server.url + path.format(article=article.pk, user=editor.pk))
        page.wait_for_load_state("networkidle")
        assert page.locator("#content").is_visible(), name
        shoot(page, name)
    assert refused == []

    # The admin's scripts still run: the article form's citation helper and the
    # "Show"/"Hide" of collapsed fieldsets need them.
    page.goto(f"{live_server.url}/admin/auth/user/{editor.pk}/change/")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert refused == []
