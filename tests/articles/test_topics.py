"""Topics: metadata readers browse by; never substance, editable on an approved article."""

import datetime as dt

import pytest
import time_machine

from articles import services
from articles.exceptions import TransitionRefused
from articles.models import ArticleStatus, Topic
from tests.articles.factories import article_in_state

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
T1 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def topics(db):
    return (
        Topic.objects.create(name="Paediatrics", slug="paediatrics"),
        Topic.objects.create(name="Rheumatology", slug="rheumatology"),
    )


def edit(article, actor, **changes):
    article.refresh_from_db()
    return services.article_update(
        article=article, actor=actor, expected_lock_version=article.lock_version, **changes
    )


def test_an_article_is_created_with_its_topics(editor, topics):
    article = services.article_create(
        actor=editor, title="Is fever in infants an emergency?", topics=[topics[0]]
    )
    assert list(article.topics.all()) == [topics[0]]


def test_changing_topics_is_metadata_and_does_not_move_last_updated(editor, topics):
    with time_machine.travel(T0, tick=False):
        article = services.article_create(actor=editor, title="Q?", body="Body.")
    with time_machine.travel(T1, tick=False):
        edit(article, editor, topics=list(topics))
    article.refresh_from_db()
    assert set(article.topics.all()) == set(topics)
    assert article.content_updated_at == T0


def test_topics_stay_editable_on_an_approved_article(editor, board_member, topics):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    edit(article, editor, topics=[topics[1]])
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    assert list(article.topics.all()) == [topics[1]]


def test_the_same_topics_again_writes_nothing(editor, topics):
    article = services.article_create(actor=editor, title="Q?", body="B.", topics=[topics[0]])
    article.refresh_from_db()
    version = article.lock_version
    edit(article, editor, topics=[topics[0]])
    article.refresh_from_db()
    assert article.lock_version == version


def test_an_archived_article_refuses_a_topic_change(editor, board_member, admin_user, topics):
    article = article_in_state(
        ArticleStatus.ARCHIVED, editor=editor, board=board_member, admin=admin_user
    )
    with pytest.raises(TransitionRefused, match="archived. Restore it"):
        edit(article, editor, topics=[topics[0]])
    assert not article.topics.exists()


def test_topics_are_never_deleted_in_the_admin(client, topics):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "r@example.org", "pw")
    client.force_login(admin)
    url = f"/admin/articles/topic/{topics[0].pk}/delete/"
    assert client.get(url).status_code == 403
    assert Topic.objects.filter(pk=topics[0].pk).exists()
