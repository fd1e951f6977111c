"""Decisions: only the assignee, once, while under review; the quorum; the frozen version."""

import pytest

from articles.models import ArticleStatus, PublishedVersion, StateChange
from articles.substance import content_hash_of
from review import services
from review.exceptions import ReviewForbidden, ReviewRefused
from review.models import AssignmentState, Decision, ReviewAssignment, ReviewRequirement

S = ArticleStatus


def snapshot(assignment):
    assignment.refresh_from_db()
    article = assignment.article
    article.refresh_from_db()
    return (
        assignment.state,
        assignment.decision,
        article.status,
        StateChange.objects.filter(article=article).count(),
        PublishedVersion.objects.filter(article=article).count(),
    )


@pytest.mark.parametrize("who", ["editor", "board_member2", "admin_user", "outsider"])
def test_only_the_assignee_records_a_decision(assigned, who, request):
    actor = request.getfixturevalue(who)
    before = snapshot(assigned)
    with pytest.raises(ReviewForbidden, match="assigned to Jane Roe; only they can record"):
        services.review_decide(assignment=assigned, actor=actor, decision=Decision.APPROVE)
    assert snapshot(assigned) == before


def test_quorum_of_one_approves_and_freezes_the_exact_text(assigned, board_member, member):
    article = assigned.article
    decided = services.review_decide(
        assignment=assigned, actor=board_member, decision=Decision.APPROVE, comment="Accurate."
    )
    article.refresh_from_db()
    assert article.status == S.APPROVED
    version = PublishedVersion.objects.get(article=article)
    assert version.approval_reference.startswith("MAB-")
    # The hash on the decision is the hash of the frozen text: provable afterwards.
    assert decided.content_hash == version.content_hash == content_hash_of(article)
    assert len(decided.content_hash) == 64
    assert decided.published_version == version
    assert decided.history_id is not None
    record = article.history.get(history_id=decided.history_id)
    assert (record.title, record.body) == (version.title, version.body)
    [reviewer] = version.reviewers
    assert reviewer["name"] == "Jane Roe"
    assert reviewer["credentials"] == "MD, FACP"
    assert reviewer["content_hash"] == version.content_hash
    assert "<h2>From the Research</h2>" in version.body_html
    approval = article.state_changes.last()
    assert (approval.transition, approval.actor) == ("approve", board_member)


def test_a_decision_is_recorded_once_per_assignment(assigned, board_member):
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    before = snapshot(assigned)
    with pytest.raises(ReviewRefused, match="already completed on .*once per assignment"):
        services.review_decide(
            assignment=assigned, actor=board_member, decision=Decision.REQUEST_CHANGES,
            comment="On second thoughts",
        )  # fmt: skip
    assert snapshot(assigned) == before


def test_quorum_of_two_needs_two_members(
    assigned, member2, admin_user, board_member, board_member2
):
    article = assigned.article
    services.review_set_quorum(
        article=article, actor=admin_user, required_approvals=2, reason="high-risk topic"
    )
    second = services.review_assign(article=article, reviewer=member2, actor=admin_user)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW
    assert not article.published_versions.exists()

    services.review_decide(assignment=second, actor=board_member2, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.APPROVED
    version = article.published_versions.get()
    assert [r["name"] for r in version.reviewers] == ["Jane Roe", "Sam Smith"]
    assert set(version.approvals.values_list("pk", flat=True)) == {assigned.pk, second.pk}


def test_quorum_setting_is_the_default(settings, assigned, board_member, member2, admin_user):
    settings.REVIEW_DEFAULT_QUORUM = 2
    article = assigned.article
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW
    assert not ReviewRequirement.objects.exists()


def test_leftover_assignments_are_withdrawn_when_the_quorum_is_met(
    assigned, member2, admin_user, board_member
):
    other = services.review_assign(article=assigned.article, reviewer=member2, actor=admin_user)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    other.refresh_from_db()
    assert other.state == AssignmentState.WITHDRAWN
    assert other.closed_reason == "the article was approved."


def test_request_changes_needs_a_comment_and_goes_back_to_the_editors(assigned, board_member):
    before = snapshot(assigned)
    with pytest.raises(ReviewRefused, match="needs a comment"):
        services.review_decide(
            assignment=assigned, actor=board_member, decision=Decision.REQUEST_CHANGES
        )
    assert snapshot(assigned) == before
    services.review_decide(
        assignment=assigned,
        actor=board_member,
        decision=Decision.REQUEST_CHANGES,
        comment="Cite the 2023 guideline.",
    )
    article = assigned.article
    article.refresh_from_db()
    assert article.status == S.CHANGES_REQUESTED
    change = article.state_changes.last()
    assert (change.transition, change.actor, change.comment) == (
        "request_changes",
        board_member,
        "Cite the 2023 guideline.",
    )


def test_decisions_only_while_under_review(assigned, board_member, editor, run_on_commit):
    from articles import services as article_services

    article = assigned.article
    run_on_commit(article_services.article_withdraw, article=article, actor=editor)
    before = snapshot(assigned)
    with pytest.raises(ReviewRefused, match="only while the article is under review; it is draft"):
        services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    assert snapshot(assigned) == before


def test_unknown_decision_is_refused(assigned, board_member):
    with pytest.raises(ReviewRefused, match="Unknown decision “publish”"):
        services.review_decide(assignment=assigned, actor=board_member, decision="publish")
    assert ReviewAssignment.objects.get(pk=assigned.pk).state == AssignmentState.PENDING
