"""Reloading an article from the database: the status comes back, and the status field's
protection against direct assignment stays on for every other instance meanwhile (web
and worker threads share the model)."""

import pytest
from django.db import connection

from articles import services
from articles.models import Article, ArticleStatus
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_reload_brings_back_the_status_changed_elsewhere(editor):
    article = ArticleFactory(author=editor)
    other = Article.objects.get(pk=article.pk)
    services.article_submit(article=other, actor=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        article.status = ArticleStatus.APPROVED
    article.refresh_from_db(fields=["title"])  # a partial reload leaves the status alone
    assert article.status == ArticleStatus.SUBMITTED


def test_the_status_stays_protected_for_others_while_one_article_reloads(editor):
    article = ArticleFactory(author=editor)
    field = Article._meta.get_field("status")
    seen = []

    def during_the_reload(execute, sql, params, many, context):
        seen.append(field.protected)  # what another thread would find at this moment
        return execute(sql, params, many, context)

    with connection.execute_wrapper(during_the_reload):
        article.refresh_from_db()
    assert seen and all(seen)
