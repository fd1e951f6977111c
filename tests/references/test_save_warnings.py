"""Saving a draft says at once, without refusing, what submission would refuse or warn of."""

import pytest
from django.urls import reverse

from articles.extensions import ArticleExtension
from articles.models import ArticleStatus
from tests.articles.factories import ArticleFactory
from tests.articles.test_admin import change_url, form_data
from tests.references.factories import ReferenceFactory


def save(client, article, **changes):
    return client.post(change_url(article), form_data(article, **changes), follow=True)


def warnings(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def test_saving_an_unknown_or_malformed_key_warns_with_the_submit_words(client, editor):
    ReferenceFactory(key="liu2011")
    article = ArticleFactory(author=editor, body="Known [@liu2011].")
    client.force_login(editor)
    response = save(client, article, body="Known [@liu2011].\n\nNew [@smith2019] and [@ crum].")
    shown = warnings(response)
    assert any("unknown citation key 'smith2019' in paragraph 2" in w for w in shown)
    assert any("malformed citation marker '[@ crum]' in paragraph 2" in w for w in shown)
    article.refresh_from_db()
    assert "[@smith2019]" in article.body  # saved all the same: a warning, not a refusal
    assert article.status == ArticleStatus.DRAFT


def test_a_clean_save_warns_of_nothing(client, editor):
    ReferenceFactory(key="liu2011")
    article = ArticleFactory(author=editor, body="Known [@liu2011].")
    client.force_login(editor)
    assert warnings(save(client, article, body="Still known [@liu2011].")) == []


def test_adding_an_article_warns_too(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Is it psoas myositis?",
            "slug": "",
            "summary": "",
            "body": "Unclosed [@crum2004 marker",
            "audience": "clinician",
            "review_interval_months": 36,
            "comment": "",
            "state_changes-TOTAL_FORMS": "0",
            "state_changes-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert any("malformed citation marker '[@crum2004'" in w for w in warnings(response))


class AnotherAppsChecks(ArticleExtension):
    def submit_problems(self, article):
        return ["a dose without a citation"]

    def warnings(self, article):
        return ["the summary is very long"]


@pytest.fixture
def another_apps_checks(settings):
    settings.ARTICLE_EXTENSIONS = [
        *settings.ARTICLE_EXTENSIONS,
        f"{__name__}.AnotherAppsChecks",
    ]


def test_every_registered_check_and_warning_appears_at_save(client, editor, another_apps_checks):
    article = ArticleFactory(author=editor, body="Plain text.")
    client.force_login(editor)
    shown = warnings(save(client, article, body="Plain text, edited."))
    assert "This cannot be submitted yet: a dose without a citation" in shown
    assert "Note: the summary is very long" in shown
