"""The one extension interface: listed in order in settings, checked at start-up, and a
problem two rules name is said once."""

import pytest

from articles import extensions, services
from articles.extensions import ArticleExtension, check_article_extensions
from tests.articles.factories import ArticleFactory


class SaysNothing(ArticleExtension):
    pass


class NotAnExtension:
    pass


class NamesTheSameProblem(ArticleExtension):
    def submit_problems(self, article):
        return ["the body cites a retracted trial"]

    def approve_problems(self, article):
        return ["the body cites a retracted trial"]


def test_the_listed_extensions_run_in_the_listed_order(settings):
    names = [type(ext).__name__ for ext in extensions.extensions()]
    assert names == [
        "ReferencesExtension",
        "ReviewArticleExtension",
        "FreshnessExtension",
        "SafetyExtension",
        "CoeditingExtension",
    ]
    settings.ARTICLE_EXTENSIONS = [f"{__name__}.SaysNothing"]
    assert [type(ext) for ext in extensions.extensions()] == [SaysNothing]


def test_the_base_class_does_nothing(db):
    article = ArticleFactory()
    ext = SaysNothing()
    assert ext.submit_problems(article) == ext.approve_problems(article) == []
    assert ext.warnings(article) == [] and ext.substance(article) == {}
    assert ext.preview(article) is None


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nowhere.at.All", "ARTICLE_EXTENSIONS: nowhere.at.All cannot be imported"),
        (f"{__name__}.NotAnExtension", f"ARTICLE_EXTENSIONS: {__name__}.NotAnExtension is not"),
    ],
)
def test_the_system_check_refuses_a_wrong_entry(settings, path, message):
    settings.ARTICLE_EXTENSIONS = [f"{__name__}.SaysNothing", path]
    errors = check_article_extensions()
    assert [e.id for e in errors] == ["articles.E001"]
    assert errors[0].msg.startswith(message)


def test_the_system_check_passes_the_project_settings():
    assert check_article_extensions() == []


def test_one_problem_named_by_two_rules_is_said_once(settings, db):
    settings.ARTICLE_EXTENSIONS = [f"{__name__}.NamesTheSameProblem"]
    article = ArticleFactory()
    assert extensions.approve_problems(article) == ["the body cites a retracted trial"]


def test_an_extension_that_refuses_stops_the_submission_and_nothing_changes(settings, editor, db):
    from articles.exceptions import TransitionRefused

    settings.ARTICLE_EXTENSIONS = [
        *settings.ARTICLE_EXTENSIONS,
        f"{__name__}.NamesTheSameProblem",
    ]
    article = ArticleFactory(author=editor)
    before = (article.status, article.lock_version, article.state_changes.count())
    with pytest.raises(TransitionRefused) as refused:
        services.article_submit(article=article, actor=editor)
    assert str(refused.value) == "Cannot submit: the body cites a retracted trial"
    article.refresh_from_db()
    assert (article.status, article.lock_version, article.state_changes.count()) == before
