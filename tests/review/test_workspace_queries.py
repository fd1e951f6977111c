"""The workspace's lists cost the same number of queries whatever the number of rows."""

import pytest
from django.urls import reverse

from articles.models import ArticleStatus
from review import services
from tests.articles.factories import ArticleFactory, article_in_state

pytestmark = pytest.mark.django_db
S = ArticleStatus

MY_REVIEWS_QUERIES = 10  # the second factor's device, re-read each request; the Mentions list
MY_ARTICLES_QUERIES = 8  # the newest per state with their totals, their details, Mentions
ADMIN_LIST_QUERIES = 12  # +1: the second factor's device, re-read each request


def _assign(n, *, editor, board_member, member, admin_user, run_on_commit):
    for _ in range(n):
        article = article_in_state(S.SUBMITTED, editor=editor, board=board_member)
        run_on_commit(services.review_assign, article=article, reviewer=member, actor=admin_user)
        ArticleFactory(author=editor)  # a draft


@pytest.mark.parametrize("n", [2, 10])
def test_my_reviews_and_my_articles_queries_do_not_grow(
    n,
    client,
    editor,
    board_member,
    member,
    admin_user,
    run_on_commit,
    django_assert_max_num_queries,
):
    _assign(
        n,
        editor=editor,
        board_member=board_member,
        member=member,
        admin_user=admin_user,
        run_on_commit=run_on_commit,
    )
    client.force_login(board_member)
    with django_assert_max_num_queries(MY_REVIEWS_QUERIES):
        page = client.get(reverse("review:my_reviews")).content.decode()
    assert page.count("#my-decision") == n
    client.force_login(editor)
    with django_assert_max_num_queries(MY_ARTICLES_QUERIES):
        page = client.get(reverse("review:my_articles")).content.decode()
    assert page.count("Finish and submit for review") == n


@pytest.mark.parametrize("n", [2, 10])
def test_article_admin_list_with_claim_coverage_queries_do_not_grow(
    n, client, editor, admin_user, django_assert_max_num_queries
):
    for _ in range(n):
        ArticleFactory(author=editor, body="Take 500 mg every 8 hours.")
    client.force_login(admin_user)
    with django_assert_max_num_queries(ADMIN_LIST_QUERIES):
        page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert page.count("0 of 1 claim cited") == n


def test_my_articles_shows_the_newest_of_a_long_list_and_links_to_all(client, editor, monkeypatch):
    from review import workspace

    monkeypatch.setattr(workspace, "MY_ARTICLES_PER_STATE", 2)
    for n in range(3):
        ArticleFactory(author=editor, title=f"Draft number {n}?")
    client.force_login(editor)
    page = client.get(reverse("review:my_articles")).content.decode()
    assert "Draft number 2?" in page and "Draft number 1?" in page
    assert "Draft number 0?" not in page
    assert "(3)" in page
    assert f"?author__id__exact={editor.pk}&amp;status__exact=draft" in page
    assert "all 3 in the admin" in page
