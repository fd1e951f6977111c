"""Uncited claims at submission: a warning, or a refusal when the article's policy says so."""

import pytest

from articles import services as article_services
from articles.checks import submit_warnings
from articles.exceptions import ActionForbidden, TransitionRefused
from articles.models import ArticleStatus, StateChange
from safety import services
from safety.models import ArticleClaimPolicy, ReviewPolicy
from tests.articles.factories import ArticleFactory

UNCITED = "Give vancomycin 15 mg/kg every 8 hours.\n"
MESSAGE = (
    "uncited claim (dosing, recommendation) in paragraph 1: “Give vancomycin 15 mg/kg every 8 "
    "hours.” (cite a source in this sentence or the next)"
)


def test_by_default_uncited_claims_warn_and_the_article_is_submitted(editor):
    article = ArticleFactory(author=editor, body=UNCITED)
    assert submit_warnings(article) == [MESSAGE]
    article_services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


def _refused(article, editor):
    with pytest.raises(TransitionRefused) as refused:
        article_services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert not StateChange.objects.filter(article=article).exists()
    return refused.value.message


def test_the_setting_refuses(editor, settings):
    settings.SAFETY_UNCITED_CLAIMS = "refuse"
    article = ArticleFactory(author=editor, body=UNCITED)
    assert _refused(article, editor) == f"Cannot submit: {MESSAGE}"
    assert submit_warnings(article) == []  # reported once, as the refusal


def test_a_matching_policy_refuses(editor):
    ReviewPolicy.objects.create(
        name="Dosing must be cited", on_dosing=True, refuse_uncited_claims=True
    )
    article = ArticleFactory(author=editor, body=UNCITED)
    assert _refused(article, editor) == f"Cannot submit: {MESSAGE}"


def test_a_cited_claim_passes_even_when_refusing(editor, settings):
    settings.SAFETY_UNCITED_CLAIMS = "refuse"
    article = ArticleFactory(author=editor, body=UNCITED.strip() + "[@a]\n")
    article_services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


def test_the_per_article_override_wins_both_ways(editor, admin_user, settings):
    settings.SAFETY_UNCITED_CLAIMS = "refuse"
    lenient = ArticleFactory(author=editor, body=UNCITED)
    services.article_claim_policy_set(
        article=lenient, actor=admin_user, uncited_claims="warn", reason="historical text"
    )
    article_services.article_submit(article=lenient, actor=editor)
    settings.SAFETY_UNCITED_CLAIMS = "warn"
    strict = ArticleFactory(author=editor, body=UNCITED)
    services.article_claim_policy_set(article=strict, actor=admin_user, uncited_claims="refuse")
    assert _refused(strict, editor).startswith("Cannot submit: uncited claim")


def test_only_admins_override_and_a_refusal_changes_nothing(editor):
    article = ArticleFactory(author=editor, body=UNCITED)
    with pytest.raises(ActionForbidden, match="does not allow you to change what uncited"):
        services.article_claim_policy_set(article=article, actor=editor, uncited_claims="warn")
    assert not ArticleClaimPolicy.objects.exists()


def test_a_policy_must_add_something(admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="A policy must add something"):
        services.review_policy_save(policy=ReviewPolicy(name="Empty"), actor=admin_user)
    assert not ReviewPolicy.objects.exists()


def test_editors_cannot_write_policies(editor):
    with pytest.raises(ActionForbidden):
        services.review_policy_save(
            policy=ReviewPolicy(name="X", required_approvals=2), actor=editor
        )
    assert not ReviewPolicy.objects.exists()


def test_uncited_claims_are_named_at_save_in_both_modes(editor, settings):
    """The workspace shows every registered submit check and warning at save."""
    from articles.checks import save_warnings

    article = ArticleFactory(author=editor, body=UNCITED)
    assert save_warnings(article) == [f"Note: {MESSAGE}"]
    settings.SAFETY_UNCITED_CLAIMS = "refuse"
    assert save_warnings(article) == [f"This cannot be submitted yet: {MESSAGE}"]
