"""An editor previews a version from the review page: the public layout, marked not public."""

import pytest

from articles.models import ArticleStatus
from tests.articles.factories import article_in_state

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_previews_the_current_text_in_the_public_layout(
    page, live_server, login, editor, board_member, shoot
):
    article = article_in_state(
        ArticleStatus.SUBMITTED,
        editor=editor,
        board=board_member,
        title="Is psoas myositis contagious?",
        body="No: it is an infection of the muscle, not passed from person to person.\n",
    )
    login(page, editor)
    page.goto(f"{live_server.url}/editorial/articles/{article.pk}/")
    page.get_by_role("link", name="Preview as readers would see it").click()
    banner = page.locator(".preview-banner")
    assert "Preview — not public." in banner.inner_text()
    assert "the current text (submitted)" in banner.inner_text()
    assert page.locator("h1").inner_text() == "Is psoas myositis contagious?"
    assert "not passed from person to person" in page.locator("article").inner_text()
    assert page.get_by_text("Report a problem").count() == 0
    shoot(page, "staff-preview")
    banner.get_by_role("link", name="Back to the review").click()
    assert page.url == f"{live_server.url}/editorial/articles/{article.pk}/"
