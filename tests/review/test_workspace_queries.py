"""The workspace's lists cost the same number of queries whatever the number of rows."""

import pytest
from django.urls import reverse

from articles.models import ArticleStatus
from review import services
from tests.articles.factories import ArticleFactory, article_in_state

pytestmark = pytest.mark.django_db
S = ArticleStatus

MY_REVIEWS_QUERIES = 9  # with the Mentions list (one query)
MY_ARTICLES_QUERIES = 7  # with the Mentions list (one query)
ADMIN_LIST_QUERIES = 11


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
