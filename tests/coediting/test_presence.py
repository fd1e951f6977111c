"""'Being edited by …': the heartbeat records who has an article open; it expires on its own."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from articles.models import Article, ArticleStatus
from coediting.models import EditingPresence
from coediting.selectors import others_present
from review import services as review_services
from tests.articles.factories import ArticleFactory, article_in_state
from tests.review.factories import BoardMemberFactory

AT_10_42 = "2026-03-02 10:42:00Z"


def beat(client, article):
    return client.post(reverse("coediting:heartbeat", args=[article.pk]))


def change_page(client, article):
    return client.get(reverse("admin:articles_article_change", args=[article.pk]))


def review_page(client, article):
    return client.get(reverse("review:article", args=[article.pk]))


def test_the_other_editor_is_named_on_both_pages(client, editor, editor2):
    article = ArticleFactory(author=editor)
    with time_machine.travel(AT_10_42, tick=False):
        client.force_login(editor2)
        assert beat(client, article).status_code == 200
    with time_machine.travel("2026-03-02 10:42:20Z", tick=False):
        client.force_login(editor)
        for page in (change_page(client, article), review_page(client, article)):
            assert page.status_code == 200
            assert "Being edited by Ed Writer since 10:42" in page.content.decode()


def test_the_heartbeat_answers_who_else_is_there_but_not_yourself(client, editor, editor2):
    article = ArticleFactory(author=editor)
    with time_machine.travel(AT_10_42, tick=False):
        client.force_login(editor)
        assert beat(client, article).json()["message"] == ""
        client.force_login(editor2)
        answer = beat(client, article).json()
    assert answer["message"] == "Being edited by Eve Editor since 10:42"
    assert answer["lock_version"] == article.lock_version


def test_presence_expires_on_its_own_when_the_beats_stop(client, editor, editor2):
    article = ArticleFactory(author=editor)
    with time_machine.travel(AT_10_42, tick=False):
        client.force_login(editor2)
        beat(client, article)
    client.force_login(editor)
    with time_machine.travel("2026-03-02 10:42:44Z", tick=False):
        assert [p.user for p in others_present(article, editor)] == [editor2]
    with time_machine.travel("2026-03-02 10:42:46Z", tick=False):
        assert others_present(article, editor) == []
        assert "Being edited by" not in change_page(client, article).content.decode()
        assert beat(client, article).json()["message"] == ""


def test_since_holds_while_beating_and_restarts_after_a_gap(client, editor, editor2):
    article = ArticleFactory(author=editor)
    client.force_login(editor2)
    for at in ("10:42:00", "10:42:15", "10:42:30", "10:42:45", "10:43:00"):
        with time_machine.travel(f"2026-03-02 {at}Z", tick=False):
            beat(client, article)
    with time_machine.travel("2026-03-02 10:50:00Z", tick=False):
        client.force_login(editor)
        assert beat(client, article).json()["message"] == ""  # gone since 10:43:45
        client.force_login(editor2)
        beat(client, article)  # back: a new stretch
        client.force_login(editor)
        assert beat(client, article).json()["message"] == "Being edited by Ed Writer since 10:50"


def test_two_others_are_listed_longest_present_first(client, editor, editor2, admin_user):
    article = ArticleFactory(author=editor)
    with time_machine.travel(AT_10_42, tick=False):
        client.force_login(editor2)
        beat(client, article)
    with time_machine.travel("2026-03-02 10:42:30Z", tick=False):
        client.force_login(admin_user)
        beat(client, article)
        client.force_login(editor)
        message = beat(client, article).json()["message"]
    assert message == "Being edited by Ed Writer since 10:42 and Ada Admin since 10:42"


def test_leaving_the_page_removes_the_presence_at_once(client, editor, editor2):
    article = ArticleFactory(author=editor)
    client.force_login(editor2)
    beat(client, article)
    assert client.post(reverse("coediting:leave", args=[article.pk])).status_code == 200
    assert others_present(article, editor) == []


def assigned_article(editor, board_member, admin_user):
    article = article_in_state(ArticleStatus.SUBMITTED, editor=editor, board=board_member)
    member = BoardMemberFactory(user=board_member, display_name="Jane Roe")
    review_services.review_assign(article=article, reviewer=member, actor=admin_user)
    return article


def test_a_board_member_reading_the_review_is_shown_to_the_editor(
    client, editor, board_member, admin_user
):
    article = assigned_article(editor, board_member, admin_user)
    with time_machine.travel(AT_10_42, tick=False):
        client.force_login(board_member)
        assert beat(client, article).status_code == 200
        client.force_login(editor)
        assert (
            "Being edited by Jane Roe since 10:42" in review_page(client, article).content.decode()
        )


def test_presence_changes_nothing_of_the_article(client, editor, editor2):
    article = ArticleFactory(author=editor)
    before = Article.objects.values("lock_version", "text_version", "content_updated_at").get(
        pk=article.pk
    )
    history = article.history.count()
    client.force_login(editor2)
    beat(client, article)
    after = Article.objects.values("lock_version", "text_version", "content_updated_at").get(
        pk=article.pk
    )
    assert after == before
    assert article.history.count() == history


def test_pages_load_the_heartbeat_as_a_static_file_not_an_inline_script(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    html = change_page(client, article).content.decode()
    assert 'src="/static/coediting/presence.js"' in html
    assert f'data-heartbeat-url="/editorial/presence/{article.pk}/heartbeat/"' in html
    assert "<script>" not in html


# Refusals: a clear answer, nothing recorded.


def test_anonymous_heartbeat_is_refused(client, editor):
    article = ArticleFactory(author=editor)
    response = beat(client, article)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not EditingPresence.objects.exists()


def test_a_person_without_an_editorial_role_is_refused(client, editor, outsider):
    article = ArticleFactory(author=editor)
    client.force_login(outsider)
    response = beat(client, article)
    assert response.status_code == 403
    assert response.json()["error"] == "Your role does not allow you to open this article."
    assert not EditingPresence.objects.exists()


def test_a_board_member_not_assigned_is_refused(client, editor, board_member):
    article = article_in_state(ArticleStatus.SUBMITTED, editor=editor, board=board_member)
    BoardMemberFactory(user=board_member, display_name="Jane Roe")
    client.force_login(board_member)
    response = beat(client, article)
    assert response.status_code == 403
    assert response.json()["error"] == "Your role does not allow you to open this article."
    assert not EditingPresence.objects.exists()


def test_a_board_member_without_the_second_factor_is_refused(
    client, editor, board_member, admin_user
):
    article = assigned_article(editor, board_member, admin_user)
    client.force_login(board_member, second_factor=False)
    response = beat(client, article)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-step/")
    assert not EditingPresence.objects.exists()


def test_the_heartbeat_takes_post_only(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    assert client.get(reverse("coediting:heartbeat", args=[article.pk])).status_code == 405
    assert not EditingPresence.objects.exists()


def test_an_unknown_article_is_not_found(client, editor):
    client.force_login(editor)
    assert client.post(reverse("coediting:heartbeat", args=[999999])).status_code == 404
