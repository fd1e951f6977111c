"""The "evidence checked" attestation: listed on the approve form, required to approve an
article that cites references, stored on the decision with its content hash, shown in the
timeline."""

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.substance import content_hash_of
from review import services
from review.exceptions import ReviewRefused
from review.models import EventKind, ReviewAssignment, ReviewEvent
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory


@pytest.fixture
def citing(editor, admin_user, member):
    ReferenceFactory(key="crum2004", title="Bacterial pyomyositis in the United States")
    article = ArticleFactory(author=editor, body="Usually *S aureus* [@crum2004].")
    article_services.article_submit(article=article, actor=editor)
    return services.review_assign(article=article, reviewer=member, actor=admin_user)


def test_the_approve_form_lists_the_cited_references(citing, member, client):
    client.force_login(member.user)
    page = client.get(reverse("review:article", args=[citing.article_id])).content.decode()
    assert "Cited references of v1:" in page
    assert "[crum2004]" in page and "Bacterial pyomyositis in the United States" in page
    assert "I checked the cited evidence" in page


def test_approving_without_the_attestation_is_refused_and_changes_nothing(citing, member):
    with pytest.raises(ReviewRefused, match="Confirm that you checked the cited references"):
        services.review_decide(assignment=citing, actor=member.user, decision="approve")
    fresh = ReviewAssignment.objects.get(pk=citing.pk)
    assert fresh.state == "pending" and fresh.evidence_checked_at is None
    assert not fresh.article.published_versions.exists()


def test_the_attestation_is_stored_with_the_hash_and_shown_in_the_timeline(citing, member, client):
    article = citing.article
    article.refresh_from_db()
    seen = content_hash_of(article)
    client.force_login(member.user)
    client.post(
        reverse("review:decide", args=[citing.pk]),
        {
            "decision": "approve",
            "evidence_checked": "on",
            "seen_content_hash": seen,
            "seen_version": article.text_version,
        },
    )
    fresh = ReviewAssignment.objects.get(pk=citing.pk)
    assert fresh.evidence_checked_at is not None and fresh.content_hash == seen
    assert [item["key"] for item in fresh.evidence_checked] == ["crum2004"]
    event = ReviewEvent.objects.get(article=article, kind=EventKind.EVIDENCE)
    assert "confirmed checking the cited evidence of v1" in event.message
    assert seen[:12] in event.message and "[crum2004]" in event.message
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert "Evidence checked" in page


def test_no_attestation_is_needed_when_nothing_is_cited(assigned, board_member):
    services.review_decide(assignment=assigned, actor=board_member, decision="approve")
    fresh = ReviewAssignment.objects.get(pk=assigned.pk)
    assert fresh.decision == "approve" and fresh.evidence_checked == []
