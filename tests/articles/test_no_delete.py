"""Nothing is hard-deleted: articles are archived."""

import pytest
from django.urls import reverse

from articles.exceptions import ArticleNotDeletable
from articles.models import Article
from tests.articles.factories import ArticleFactory


def test_model_delete_is_refused(editor):
    article = ArticleFactory(author=editor)
    with pytest.raises(ArticleNotDeletable, match="Archive the article instead"):
        article.delete()
    assert Article.objects.filter(pk=article.pk).exists()


def test_bulk_delete_is_refused(editor):
    ArticleFactory.create_batch(2, author=editor)
    with pytest.raises(ArticleNotDeletable):
        Article.objects.all().delete()
    assert Article.objects.count() == 2


def test_admin_offers_no_delete_even_to_superusers(client, django_user_model, editor):
    article = ArticleFactory(author=editor)
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(root)
    response = client.get(reverse("admin:articles_article_delete", args=[article.pk]))
    assert response.status_code == 403
    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert b"deletelink" not in page.content
