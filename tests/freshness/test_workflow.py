"""Consequences in the workflow: retracted references refuse submit/approve unless
overridden; a cited reference changed during review asks the board again; reviewers see
each cited reference's status."""

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.exceptions import ArticleError
from freshness import services
from freshness.exceptions import FreshnessError
from freshness.models import RetractionOverride
from review import services as review_services
from review.models import AssignmentState, ReviewAssignment
from tests.freshness.helpers import draft_citing, edit_reference, record_status
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ref():
    return ReferenceFactory(key="wakefield1998", title="Ileal-lymphoid-nodular hyperplasia")


def test_submit_refused_naming_the_retracted_reference(editor, ref):
    record_status(ref, retracted=True, retraction_notice_doi="10.1016/s0140-6736(10)60175-4")
    article = draft_citing(editor, "Once claimed [@wakefield1998].")
    with pytest.raises(ArticleError) as refused:
        article_services.article_submit(article=article, actor=editor)
    assert "[@wakefield1998]" in refused.value.message
    assert "was retracted (notice: 10.1016/s0140-6736(10)60175-4)" in refused.value.message
    article.refresh_from_db()
    assert article.status == "draft"


def test_override_with_reason_allows_submit_and_is_in_history(editor, ref, admin_user, member):
    record_status(ref, retracted=True)
    article = draft_citing(editor, "The retracted study [@wakefield1998] caused harm.")
    with pytest.raises(FreshnessError, match="a reason is required"):
        services.retraction_override_record(article=article, reference=ref, actor=editor, reason="")
    assert not RetractionOverride.objects.exists()
    override = services.retraction_override_record(
        article=article,
        reference=ref,
        actor=editor,
        reason="The article explains why this study was retracted.",
    )
    assert override.history.get().history_user == editor
    article_services.article_submit(article=article, actor=editor)
    assignment = review_services.review_assign(article=article, reviewer=member, actor=admin_user)
    review_services.review_decide(
        assignment=assignment, actor=member.user, decision="approve", evidence_checked=True
    )
    article.refresh_from_db()
    assert article.status == "approved"


def test_override_refusals(editor, ref, outsider):
    article = draft_citing(editor, "[@wakefield1998]")
    with pytest.raises(FreshnessError, match="is not retracted"):
        services.retraction_override_record(
            article=article, reference=ref, actor=editor, reason="x"
        )
    record_status(ref, retracted=True)
    other = draft_citing(editor, "nothing cited")
    with pytest.raises(FreshnessError, match="does not cite"):
        services.retraction_override_record(article=other, reference=ref, actor=editor, reason="x")
    from articles.exceptions import ActionForbidden

    with pytest.raises(ActionForbidden):
        services.retraction_override_record(
            article=article, reference=ref, actor=outsider, reason="x"
        )
    assert not RetractionOverride.objects.exists()


def test_approval_refused_when_retracted_during_review(editor, ref, admin_user, member):
    article = draft_citing(editor, "Claimed [@wakefield1998].")
    article_services.article_submit(article=article, actor=editor)
    assignment = review_services.review_assign(article=article, reviewer=member, actor=admin_user)
    record_status(ref, retracted=True)
    with pytest.raises(ArticleError, match=r"\[@wakefield1998\].*was retracted") as refused:
        review_services.review_decide(
            assignment=assignment, actor=member.user, decision="approve", evidence_checked=True
        )
    # One rule, said once (it refuses submissions and approvals alike).
    assert refused.value.message.count("was retracted") == 1
    assert len(refused.value.problems) == 1
    article.refresh_from_db()
    assert article.status == "under_review"
    assert not article.published_versions.exists()


def test_reference_corrected_during_review_asks_the_approver_again(
    editor, admin_user, member, member2, run_on_commit
):
    """Two approvals needed; one given; the editor corrects the cited reference: that
    approval stops counting and the member is asked again (as for a body edit)."""
    ref = ReferenceFactory(key="crum2004", title="Bacterial pyomyositis in the US")
    article = draft_citing(editor, "Usually *S aureus* [@crum2004].")
    review_services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    article_services.article_submit(article=article, actor=editor)
    first = review_services.review_assign(article=article, reviewer=member, actor=admin_user)
    review_services.review_assign(article=article, reviewer=member2, actor=admin_user)
    review_services.review_decide(
        assignment=first, actor=member.user, decision="approve", evidence_checked=True
    )

    run_on_commit(edit_reference, ref, title="Bacterial pyomyositis in the United States")

    first.refresh_from_db()
    assert first.stale_at is not None
    again = ReviewAssignment.objects.get(
        article=article, reviewer=member, state=AssignmentState.PENDING
    )
    assert again.pk != first.pk
    article.refresh_from_db()
    assert article.status == "under_review"


def test_review_page_shows_each_cited_reference_status_and_override(
    client, editor, admin_user, ref
):
    ok = ReferenceFactory(key="crum2004")
    record_status(ref, retracted=True)
    record_status(ok, corrected=True)
    article = draft_citing(editor, "[@crum2004] and [@wakefield1998]")
    services.retraction_override_record(
        article=article, reference=ref, actor=editor, reason="Discussed as a cautionary tale."
    )
    client.force_login(admin_user)
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert 'id="reference-status"' in page
    assert "Retracted" in page and "Corrected" in page
    assert "Kept on purpose" in page and "Discussed as a cautionary tale." in page
