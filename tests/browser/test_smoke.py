"""The browser set-up itself: a reader opens an approved article; staff sign in."""

import pytest

from articles.models import ArticleStatus
from tests.articles.factories import article_in_state
from tests.browser.conftest import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_opens_an_approved_article_from_the_home_page(
    page, phone_page, live_server, editor, board_member, shoot
):
    article = article_in_state(
        ArticleStatus.APPROVED, editor=editor, board=board_member, title="Is psoas myositis rare?"
    )
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=article.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == article.title
    assert "Approved" in page.locator("[aria-current=step]").inner_text()
    shoot(page, "smoke-article-desktop")

    phone_page.goto(f"{live_server.url}/articles/{article.slug}/")
    assert no_sideways_scroll(phone_page)


def test_staff_sign_in_through_the_login_form(page, live_server, login, editor):
    login(page, editor)
    assert (
        page.get_by_role("link", name="Log out").count()
        + page.get_by_role("button", name="Log out").count()
    )
