"""Approving over uncited claims: the decision box lists them, the member confirms each one,
and the confirmation is recorded with the decision (and on the timeline)."""

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.models import ArticleStatus
from articles.substance import content_hash_of
from review import services
from review.exceptions import ReviewRefused
from review.models import EventKind, ReviewAssignment, ReviewEvent
from tests.articles.factories import ArticleFactory

UNCITED = "Give vancomycin 15 mg/kg every 8 hours."


@pytest.fixture
def dosing(editor, admin_user, member):
    article = ArticleFactory(author=editor, body=f"Psoas myositis is rare.\n\n{UNCITED}\n")
    article_services.article_submit(article=article, actor=editor)
    return services.review_assign(article=article, reviewer=member, actor=admin_user)


def test_the_decision_box_lists_the_uncited_claims_and_asks_to_confirm(dosing, member, client):
    client.force_login(member.user)
    page = client.get(reverse("review:article", args=[dosing.article_id])).content.decode()
    box = page[page.index('id="my-decision"') :]
    assert "Claims without a citation in v1:" in box
    assert f"paragraph 2: “{UNCITED}” (dosing, recommendation)" in box
    assert "I checked each claim listed above" in box
    assert '<button type="submit" class="primary">Record decision</button>' in box


def test_approving_without_confirming_is_refused_and_changes_nothing(dosing, member):
    with pytest.raises(ReviewRefused) as refused:
        services.review_decide(assignment=dosing, actor=member.user, decision="approve")
    assert refused.value.message == (
        "Confirm the claims without a citation before approving: tick “I checked each claim "
        "listed above” under the 1 claim listed, or request changes."
    )
    fresh = ReviewAssignment.objects.get(pk=dosing.pk)
    assert fresh.state == "pending" and fresh.claims_confirmed == []
    fresh.article.refresh_from_db()
    assert fresh.article.status == ArticleStatus.UNDER_REVIEW
    assert not ReviewEvent.objects.filter(article=fresh.article, kind=EventKind.DECIDED).exists()


def test_the_confirmation_is_recorded_with_the_decision(dosing, member, client):
    article = dosing.article
    article.refresh_from_db()
    client.force_login(member.user)
    response = client.post(
        reverse("review:decide", args=[dosing.pk]),
        {
            "decision": "approve",
            "claims_confirmed": "on",
            "seen_content_hash": content_hash_of(article),
            "seen_version": article.text_version,
        },
    )
    assert response.status_code == 302
    fresh = ReviewAssignment.objects.get(pk=dosing.pk)
    assert fresh.decision == "approve"
    assert fresh.claims_confirmed == [f"paragraph 2: “{UNCITED}” (dosing, recommendation)"]
    event = ReviewEvent.objects.get(article=article, kind=EventKind.EVIDENCE)
    assert "confirmed 1 claim without a citation in v1" in event.message
    assert UNCITED in event.message


def test_requesting_changes_needs_no_confirmation(dosing, member):
    decided = services.review_decide(
        assignment=dosing, actor=member.user, decision="request_changes", comment="Cite the dose."
    )
    assert decided.decision == "request_changes" and decided.claims_confirmed == []


def test_no_confirmation_is_asked_when_every_claim_is_cited(assigned, board_member, client):
    client.force_login(board_member)
    page = client.get(reverse("review:article", args=[assigned.article_id])).content.decode()
    assert "Claims without a citation" not in page
    assert "I checked each claim listed above" not in page
    services.review_decide(assignment=assigned, actor=board_member, decision="approve")
    assert ReviewAssignment.objects.get(pk=assigned.pk).decision == "approve"
