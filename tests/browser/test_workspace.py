"""The workspace in a real browser: a board member's way in, and the review page on a phone."""

import pytest
from playwright.sync_api import expect

from articles.models import ArticleStatus
from review import services
from tests.articles.factories import article_in_state
from tests.browser.conftest import no_sideways_scroll
from tests.review.factories import BoardMemberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def review_world(editor, board_member, board_member2, admin_user):
    member = BoardMemberFactory(user=board_member, display_name="Jane Roe", credentials="MD")
    other = BoardMemberFactory(user=board_member2, display_name="Sam Smith", credentials="MD")
    article = article_in_state(
        ArticleStatus.SUBMITTED,
        editor=editor,
        board=board_member,
        title="What is the treatment for psoas myositis?",
        body="Antibiotics active against *Staphylococcus aureus* " * 20,
    )
    services.review_assign(article=article, reviewer=member, actor=admin_user)
    # An approved article too, so the timeline holds decisions and a published hash.
    approved = article_in_state(
        ArticleStatus.APPROVED, editor=editor, board=board_member2, title="Is it a pyomyositis?"
    )
    return {"article": article, "member": member, "other": other, "approved": approved}


def test_a_board_member_signs_in_and_reaches_their_review_in_one_click(
    page, live_server, login, board_member, review_world, shoot
):
    login(page, board_member)
    assert page.url == f"{live_server.url}/editorial/my-reviews/"
    assert page.get_by_role("heading", level=1).inner_text() == "My reviews"
    shoot(page, "workspace-my-reviews")
    page.get_by_role("link", name=review_world["article"].title).click()
    # expect() waits for the navigation the click starts; is_visible() would not
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()
    assert page.get_by_role("button", name="Record decision").is_visible()
    assert page.get_by_role("button", name="Log out").is_visible()
    shoot(page, "workspace-review-page-desktop")


def test_the_review_page_does_not_scroll_sideways_on_a_phone(
    phone_page, live_server, login, editor, board_member2, review_world, shoot
):
    login(phone_page, board_member2)
    approved = review_world["approved"]
    phone_page.goto(f"{live_server.url}/editorial/articles/{approved.pk}/")
    assert phone_page.get_by_role("heading", name="Approved", exact=True).is_visible()
    assert no_sideways_scroll(phone_page)
    shoot(phone_page, "workspace-review-page-phone")
    # The full hash opens on demand, and still fits.
    phone_page.locator("#timeline details.hash summary").first.click()
    assert phone_page.locator("#timeline details.hash[open] code.full").first.is_visible()
    assert no_sideways_scroll(phone_page)
    shoot(phone_page, "workspace-review-page-phone-hash-open")


def test_my_articles_and_dashboard_fit_a_phone(
    phone_page, live_server, login, editor, review_world
):
    login(phone_page, editor)
    assert phone_page.url == f"{live_server.url}/editorial/my-articles/"
    assert no_sideways_scroll(phone_page)
    phone_page.goto(f"{live_server.url}/editorial/")
    assert no_sideways_scroll(phone_page)


def test_the_admin_timeline_shows_a_short_hash_and_the_full_one_on_demand(
    page, live_server, login, editor, review_world, shoot
):
    login(page, editor)
    approved = review_world["approved"]
    full = approved.published_versions.get().content_hash
    page.goto(f"{live_server.url}/admin/articles/article/{approved.pk}/change/")
    assert page.get_by_text("Workflow timeline").count() == 0
    published = page.locator("td", has_text="published as").locator("details.hash")
    assert published.locator("summary").inner_text() == f"{full[:12]}…"
    published.locator("summary").click()
    assert published.locator("code.full").inner_text() == full
    assert published.locator("code.full").is_visible()
    shoot(page, "admin-approved-article")


def test_a_reviewer_selects_a_passage_comments_and_sees_it_highlighted(
    page, live_server, login, board_member, review_world, shoot
):
    login(page, board_member)
    page.get_by_role("link", name=review_world["article"].title).click()
    # Select a passage of the text as a person does: the quote field fills itself.
    page.locator("#text .body p").first.evaluate(
        """p => { const range = document.createRange();
                  range.setStart(p.firstChild, 0); range.setEnd(p.firstChild, 23);
                  const s = document.getSelection(); s.removeAllRanges(); s.addRange(range); }"""
    )
    page.wait_for_function("document.getElementById('id_quote').value.length > 0")
    assert page.locator("#id_quote").input_value() == "Antibiotics active agai"
    page.locator("#discussion #id_body").fill("Which antibiotics, at what dose?")
    page.get_by_role("button", name="Comment", exact=True).click()
    mark = page.locator("#text mark.anchor").first
    assert mark.inner_text() == "Antibiotics active agai"
    page.get_by_role("link", name="Show the passage in the text").click()
    assert page.url.endswith("#anchor-" + mark.get_attribute("data-comment"))
    shoot(page, "workspace-anchored-comment")
