"""Submission is refused while the body cites an unknown key; uncited ones are a warning."""

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.exceptions import TransitionRefused
from articles.models import ArticleStatus, StateChange
from references import services
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory


def test_submit_is_refused_naming_each_unknown_key_and_where(editor):
    ReferenceFactory(key="liu2011")
    article = ArticleFactory(
        author=editor,
        body="## From the Guidelines\n\nKnown [@liu2011].\n\nUnknown [@smith2019; @doe2020].",
    )
    with pytest.raises(TransitionRefused) as refused:
        article_services.article_submit(article=article, actor=editor)
    assert refused.value.message == (
        "Cannot submit: unknown citation key 'smith2019' in paragraph 2; "
        "unknown citation key 'doe2020' in paragraph 2"
    )
    assert refused.value.problems == [
        "unknown citation key 'smith2019' in paragraph 2",
        "unknown citation key 'doe2020' in paragraph 2",
    ]
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert not StateChange.objects.filter(article=article).exists()


def test_submit_passes_once_every_key_is_known(editor):
    ReferenceFactory(key="liu2011")
    article = ArticleFactory(author=editor, body="Known [@liu2011].")
    submitted = article_services.article_submit(article=article, actor=editor)
    assert submitted.status == ArticleStatus.SUBMITTED


def test_markers_in_code_are_not_citations(editor):
    article = ArticleFactory(author=editor, body="Write citations as `[@key]`.")
    assert article_services.article_submit(article=article, actor=editor).status == "submitted"


def test_admin_submit_warns_about_attached_but_uncited_references(client, editor):
    cited, attached = ReferenceFactory(key="liu2011"), ReferenceFactory(key="crum2004")
    article = ArticleFactory(author=editor, body="Known [@liu2011].")
    services.citation_attach(article=article, reference=cited, actor=editor)
    services.citation_attach(article=article, reference=attached, actor=editor)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "submit"]),
        {"comment": ""},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert "reference 'crum2004' is attached but not cited" in shown
    assert "reference 'liu2011' is attached but not cited" not in shown
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


def test_admin_submit_refusal_names_the_unknown_key(client, editor):
    article = ArticleFactory(author=editor, body="Intro.\n\nUnknown [@smith2019].")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "submit"]),
        {"comment": ""},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert "Cannot submit: unknown citation key 'smith2019' in paragraph 2" in shown
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
