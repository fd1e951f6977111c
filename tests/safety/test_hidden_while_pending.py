"""A review policy can keep articles with uncited dosing claims off the public site while
they are pending review: not found, not listed, until cited or approved."""

import pytest

from articles import services as article_services
from articles.models import ArticleStatus
from safety.models import ReviewPolicy
from tests.articles.factories import article_in_state
from tests.references.factories import ReferenceFactory

UNCITED_DOSE = "Give vancomycin 15 mg/kg every 8 hours.\n"


@pytest.fixture
def hiding_policy(db):
    return ReviewPolicy.objects.create(
        name="Uncited doses stay private", on_dosing=True, hide_while_pending=True
    )


def test_an_uncited_dose_keeps_the_pending_article_off_the_site(
    client, editor, board_member, hiding_policy
):
    article = article_in_state(
        ArticleStatus.SUBMITTED, editor=editor, board=board_member, body=UNCITED_DOSE
    )
    article.refresh_from_db()
    assert article.hidden_while_pending == (
        "review policy “Uncited doses stay private”: uncited dosing or regimen claims"
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get("/").text


def test_citing_the_dose_puts_it_back_on_the_site(client, editor, board_member, hiding_policy):
    ReferenceFactory(key="idsa2014")
    article = article_in_state(
        ArticleStatus.SUBMITTED, editor=editor, board=board_member, body=UNCITED_DOSE
    )
    article.refresh_from_db()
    article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body="Give vancomycin 15 mg/kg every 8 hours [@idsa2014].\n",
    )
    article.refresh_from_db()
    assert article.hidden_while_pending == ""
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_policy_that_does_not_hide_leaves_it_public(client, editor, board_member):
    ReviewPolicy.objects.create(name="Pharmacist", on_dosing=True, required_approvals=1)
    article = article_in_state(
        ArticleStatus.SUBMITTED, editor=editor, board=board_member, body=UNCITED_DOSE
    )
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_policy_must_still_add_something(db):
    from django.core.exceptions import ValidationError

    policy = ReviewPolicy(name="Nothing", on_dosing=True)
    with pytest.raises(ValidationError, match="keeping pending articles off the site"):
        policy.clean()
    ReviewPolicy(name="Hide only", on_dosing=True, hide_while_pending=True).clean()
