"""A clinician on a phone (390 px): the versions page and the approval box fit the screen."""

import pytest

from articles import services as article_services
from articles.models import ArticleStatus
from tests.articles.factories import article_in_state
from tests.browser.conftest import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def revised(editor, board_member):
    article = article_in_state(
        ArticleStatus.APPROVED, editor=editor, board=board_member, title="Is it psoas myositis?"
    )
    article_services.article_revise(article=article, actor=editor, comment="Add dosing.")
    for n in (1, 2):
        article.refresh_from_db()
        article_services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
            body=f"Revised text, round {n}: antibiotics active against Staphylococcus aureus.",
        )
    return article


@pytest.mark.parametrize(
    "where,button",
    [
        ("/editorial/articles/{pk}/versions/", "Compare"),
        ("/admin/articles/article/{pk}/history/", "Compare selected versions"),
    ],
)
def test_the_versions_pages_fit_a_phone(
    phone_page, live_server, login, editor, revised, shoot, where, button
):
    login(phone_page, editor)
    phone_page.goto(live_server.url + where.format(pk=revised.pk))
    shoot(phone_page, "versions-phone" + ("-admin" if "admin" in where else ""))
    assert no_sideways_scroll(phone_page)
    assert phone_page.get_by_role("button", name=button).is_visible()
    # Each row still says what each value is once the columns stack.
    first = phone_page.locator("table.stacked tbody tr").first
    assert "Version" in first.inner_text() and "Why" in first.inner_text()


def test_the_approval_box_reads_without_hashes_on_a_phone(
    phone_page, live_server, login, editor, board_member, shoot
):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    login(phone_page, editor)
    phone_page.goto(f"{live_server.url}/editorial/articles/{article.pk}/")
    box = phone_page.locator("#live-version")
    shoot(phone_page, "approval-box-phone", full_page=False)
    assert "Approved" in box.inner_text()
    assert "SHA-256" not in box.inner_text()
    assert no_sideways_scroll(phone_page)
