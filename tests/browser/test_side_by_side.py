"""Two editors open one article in real browsers: each sees the other, and a closed tab goes."""

import pytest
from playwright.sync_api import expect

from tests.articles.factories import ArticleFactory
from tests.review.helpers import edit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_editors_open_one_article_each_sees_the_other_and_a_save_warns(
    page, browser, live_server, login, editor, editor2, settings, shoot
):
    settings.PRESENCE_HEARTBEAT_SECONDS = 1
    article = ArticleFactory(author=editor, title="What is the treatment for psoas myositis?")
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    login(page, editor)
    page.goto(change_url)
    presence = page.locator("#editing-presence")
    stale = page.locator("#stale-save-warning")
    expect(presence).to_be_hidden()  # alone so far
    expect(stale).to_be_hidden()

    other_context = browser.new_context(viewport={"width": 1280, "height": 900})
    other = other_context.new_page()
    try:
        login(other, editor2)
        other.goto(f"{live_server.url}/editorial/articles/{article.pk}/")
        # The second editor sees the first at once (on the page as served) ...
        expect(other.locator("#editing-presence")).to_contain_text("Being edited by Eve Editor")
        # ... and the first sees the second at the next heartbeat, without reloading.
        expect(presence).to_contain_text("Being edited by Ed Writer")
        shoot(page, "side-by-side-admin")
        shoot(other, "side-by-side-review")
        expect(stale).to_be_hidden()  # nobody saved yet
        # The second editor saves: the first is warned before a save that would be refused.
        edit(article, editor2, summary="A revised short answer.")
        expect(stale).to_contain_text("Someone else saved this article since you opened it")
        other.close()
        # The closed tab says goodbye: the notice goes without waiting for the expiry.
        expect(presence).to_be_hidden()
    finally:
        other_context.close()


def test_an_editors_autosaved_text_comes_back_after_the_tab_is_closed(
    page, browser, live_server, login, editor, settings, shoot
):
    settings.AUTOSAVE_SECONDS = 1
    article = ArticleFactory(author=editor, body="## From the Research\n\nSome evidence.")
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    login(page, editor)
    page.goto(change_url)
    page.locator("#id_body").fill("## From the Research\n\nA long unsaved paragraph.")
    expect(page.locator("#autosave-status")).to_contain_text("Unsaved changes kept at")
    storage = page.context.storage_state()
    page.close()  # the tab closes without saving

    again_context = browser.new_context(storage_state=storage)
    again = again_context.new_page()
    try:
        again.goto(change_url)
        expect(again.locator("#autosave-offer")).to_contain_text("Restore your unsaved changes")
        expect(again.locator("#id_body")).to_have_value("## From the Research\n\nSome evidence.")
        again.get_by_role("button", name="Restore").click()
        expect(again.locator("#id_body")).to_have_value(
            "## From the Research\n\nA long unsaved paragraph."
        )
        expect(again.locator("#autosave-offer")).to_be_hidden()
        shoot(again, "autosave-restored", full_page=False)
        # Saving keeps the text and drops the slot: no offer on the next visit.
        again.get_by_role("button", name="Save and continue editing").click()
        again.wait_for_load_state()
        expect(again.locator("#id_body")).to_have_value(
            "## From the Research\n\nA long unsaved paragraph."
        )
        expect(again.locator("#autosave-offer")).to_have_count(0)
    finally:
        again_context.close()
    article.refresh_from_db()
    # (A submitted form sends line ends as CRLF.)
    assert article.body.replace("\r\n", "\n") == "## From the Research\n\nA long unsaved paragraph."
