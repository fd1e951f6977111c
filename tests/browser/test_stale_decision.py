"""In a real browser: a member has the review page open, an editor
inserts a sentence, the member approves what they see: refused, shown what changed."""

import pytest

from articles import services as article_services
from articles.models import ArticleStatus
from review import services
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_approving_a_text_changed_under_them_is_refused_and_sees_the_change(
    page, live_server, login, editor, board_member, admin_user, shoot
):
    ReferenceFactory(key="crum2004", title="Bacterial pyomyositis in the United States")
    article = ArticleFactory(
        author=editor, title="How is pyomyositis treated?", body="Give cefazolin [@crum2004]."
    )
    article_services.article_submit(article=article, actor=editor)
    member = services.board_member_create(actor=admin_user, user=board_member)
    services.review_assign(article=article, reviewer=member, actor=admin_user)

    login(page, board_member)
    page.goto(f"{live_server.url}/editorial/articles/{article.pk}/")
    assert page.get_by_text("Your decision applies to v1 exactly").count() == 1
    assert page.locator("ol.evidence li").inner_text().startswith("[crum2004]")
    shoot(page, "review-decision-form")

    article.refresh_from_db()
    article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body=article.body + "\n\nINSERTED: double the dose.",
    )

    page.get_by_label("Approve").check()
    page.get_by_label("I checked the cited evidence").check()
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    assert page.get_by_text("The text changed since you opened it (version 1 → 2)").count() == 1
    assert page.locator("#diff ins").last.inner_text().strip().endswith("double the dose.")
    shoot(page, "review-stale-decision-refused")
    article.refresh_from_db()
    assert article.status == ArticleStatus.UNDER_REVIEW
    assert not article.published_versions.exists()
