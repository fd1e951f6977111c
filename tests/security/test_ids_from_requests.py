"""An id from a request that cannot name a row (too big for 64 bits, not a number) is a
404 with nothing changed, never a 500."""

import pytest
from django.urls import reverse

from articles import services as article_services
from readers.models import Feedback, FeedbackKind, FeedbackState
from tests.articles.factories import UserFactory
from tests.readers.helpers import member_for

pytestmark = pytest.mark.django_db

TOO_BIG = "9223372036854775808"  # 2**63: one past the largest 64-bit id
BAD = [TOO_BIG, "99999999999999999999999", "abc", "-1", "0", "1e3", "١٢"]


@pytest.fixture
def article(editor):
    article = article_services.article_create(actor=editor, title="Compared?", body="One.")
    article_services.article_update(
        article=article, actor=editor, body="Two.", expected_lock_version=article.lock_version
    )
    return article


@pytest.mark.parametrize("bad", BAD)
def test_the_diff_view_answers_404(client, editor, article, bad):
    client.force_login(editor)
    good = article.history.order_by("history_id").first().history_id
    url = reverse("review:diff", args=[article.pk])
    assert client.get(f"{url}?old={bad}&new={good}").status_code == 404
    assert client.get(f"{url}?old={good}&new={bad}").status_code == 404


def test_the_diff_view_still_asks_for_two_versions(client, editor, article):
    client.force_login(editor)
    response = client.get(reverse("review:diff", args=[article.pk]), follow=True)
    assert "Choose two versions to compare." in response.text


@pytest.mark.parametrize("bad", BAD)
def test_the_preview_and_review_pages_answer_404(client, editor, article, bad):
    client.force_login(editor)
    preview = reverse("review:preview", args=[article.pk])
    assert client.get(f"{preview}?version={bad}").status_code == 404
    assert (
        client.get(f"{reverse('review:article', args=[article.pk])}?seen={bad}").status_code == 200
    )


@pytest.mark.parametrize("path", ["/editorial/articles/{}/", "/editorial/articles/{}/diff/"])
def test_an_id_in_the_path_past_64_bits_is_404(client, editor, path):
    client.force_login(editor)
    assert client.get(path.format(TOO_BIG)).status_code == 404
    assert client.post(f"/editorial/assignments/{TOO_BIG}/decide/").status_code == 404
    assert client.post(f"/editorial/attention/flags/{TOO_BIG}/dismiss/").status_code == 404


@pytest.mark.parametrize("field", ["feedback", "question"])
@pytest.mark.parametrize("bad", BAD)
def test_the_inbox_answers_404_and_triages_nothing(client, editor, board_member, field, bad):
    article = article_services.article_create(actor=editor, title="Reported?", body="Text.")
    member_for(board_member)
    report = Feedback.objects.create(article=article, kind=FeedbackKind.TYPO, message="Typo.")
    client.force_login(UserFactory(role="Editors"))
    response = client.post(reverse("readers:inbox"), {field: bad, "state": "accepted"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.state == FeedbackState.NEW


@pytest.mark.parametrize("bad", BAD)
def test_the_admin_compare_page_never_answers_500(client, editor, article, bad):
    client.force_login(editor)
    good = article.history.order_by("history_id").first().history_id
    url = reverse("admin:articles_article_compare", args=[article.pk])
    for query in (f"?old={bad}&new={good}", f"?old={good}&new={bad}"):
        assert client.get(url + query).status_code in {302, 404}


def test_the_admin_pages_of_an_article_past_64_bits_never_answer_500(client, editor, article):
    client.force_login(editor)
    for url in (
        f"/admin/articles/article/{TOO_BIG}/change/",
        f"/admin/articles/article/{TOO_BIG}/history/compare/?old=1&new=2",
        f"/admin/articles/article/{article.pk}/history/{TOO_BIG}/revert/",
    ):
        assert client.get(url).status_code in {302, 404}, url
