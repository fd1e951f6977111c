"""One touch from the e-mail, on a phone: a board member opens the link in the review
request they received, signs in with the code from their authenticator app, and lands on
the review; the same link a second time says it was used. Screenshots under
``test-artifacts/``: review-link-sign-in, review-link-review, review-link-used."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from articles import services as article_services
from review import services
from tests.accounts.signing_in import authenticator, fresh_code
from tests.browser.conftest import TEST_PASSWORD, no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "What is the treatment for psoas myositis?"


def test_a_member_opens_the_link_from_the_email_at_390_px_and_reaches_the_review(
    phone_page, live_server, editor, board_member, admin_user, shoot
):
    page = phone_page
    article = article_services.article_create(
        actor=editor, title=TITLE, body="## From the Guidelines\n\nDrain the abscess.\n"
    )
    article_services.article_submit(article=article, actor=editor)
    member = services.board_member_create(
        actor=admin_user, user=board_member, display_name="Jane Roe", credentials="MD"
    )
    services.review_assign(article=article, reviewer=member, actor=admin_user)
    [email] = [m for m in mail.outbox if m.to == [board_member.email]]
    link = re.search(r"Open your review in one touch: (\S+)", email.body).group(1)
    path = link[link.index("/editorial/") :]
    device = authenticator(board_member)

    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_label("Username")).to_be_visible()  # sign in first, always
    shoot(page, "review-link-sign-in")
    page.get_by_label("Username").fill(board_member.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_label("Code")).to_be_visible()  # and the second factor
    page.get_by_label("Code").fill(fresh_code(device))
    page.get_by_role("button", name="Verify").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()
    assert page.url.endswith(f"/editorial/articles/{article.pk}/")
    assert no_sideways_scroll(page)
    shoot(page, "review-link-review")

    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("alert")).to_contain_text("already used")
    assert no_sideways_scroll(page)
    shoot(page, "review-link-used")
