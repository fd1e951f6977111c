"""The board's quorum guards every approval, and only eligible members are counted."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles import services as article_services
from articles.exceptions import TransitionRefused
from articles.models import ArticleStatus, PublishedVersion, StateChange
from articles.roles import ADVISORY_BOARD
from review import selectors, services
from review.exceptions import ReviewForbidden
from review.models import AssignmentState, Decision, ReviewAssignment

S = ArticleStatus


def footprint(article):
    article.refresh_from_db()
    return (
        article.status,
        article.lock_version,
        StateChange.objects.filter(article=article).count(),
        PublishedVersion.objects.filter(article=article).count(),
        list(
            ReviewAssignment.objects.filter(article=article)
            .order_by("pk")
            .values_list("state", "decision", "published_version")
        ),
    )


@pytest.fixture
def half_approved(assigned, member2, admin_user, board_member):
    """Quorum 2; Jane Roe approved the current text, Sam Smith is still to decide."""
    article = assigned.article
    services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    second = services.review_assign(article=article, reviewer=member2, actor=admin_user)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    article.refresh_from_db()
    return article, second


@pytest.mark.parametrize("who", ["admin_user", "board_member2"])
def test_nobody_approves_around_the_board(half_approved, who, request):
    article, _ = half_approved
    actor = request.getfixturevalue(who)
    before = footprint(article)
    with article_services.board_decision(), pytest.raises(TransitionRefused) as refusal:
        article_services.article_approve(article=article, actor=actor)
    assert str(refusal.value.message) == (
        "Cannot approve: the board has approved the current text 1 of 2 required times"
    )
    assert footprint(article) == before


def test_without_any_assignment_approval_is_refused(editor, board_member, admin_user):
    from tests.articles.factories import article_in_state

    article = article_in_state(S.UNDER_REVIEW, editor=editor, board=board_member)
    before = footprint(article)
    with (
        pytest.raises(
            TransitionRefused, match="the board has approved the current text 0 of 1 required times"
        ),
        article_services.board_decision(),
    ):
        article_services.article_approve(article=article, actor=admin_user)
    assert footprint(article) == before


def test_the_deciding_approval_is_counted_before_approving(half_approved, board_member2):
    article, second = half_approved
    services.review_decide(assignment=second, actor=board_member2, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.APPROVED
    assert article.published_versions.get().approvals.count() == 2


@pytest.mark.parametrize("how", ["member", "account"])
def test_an_approval_by_a_member_who_left_does_not_count(
    half_approved, board_member, board_member2, member, admin_user, how
):
    article, second = half_approved
    assert selectors.quorum_status(article).approvals == 1
    if how == "member":
        services.board_member_update(member=member, actor=admin_user, is_active=False)
    else:
        board_member.is_active = False
        board_member.save()
    assert selectors.quorum_status(article).approvals == 0
    assert selectors.quorum_problems(article) == [
        "the board has approved the current text 0 of 2 required times"
    ]

    services.review_decide(assignment=second, actor=board_member2, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW  # 1 of 2: Jane Roe's approval is not credited
    assert not article.published_versions.exists()


def test_a_member_who_lost_the_board_role_cannot_decide(assigned, board_member):
    article = assigned.article
    board_member.groups.remove(Group.objects.get(name=ADVISORY_BOARD))
    before = footprint(article)
    with pytest.raises(ReviewForbidden) as refusal:
        services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    assert refusal.value.message == (
        "Cannot record this decision: Jane Roe's account does not have the Advisory Board "
        "role; give it the role first."
    )
    assert footprint(article) == before
    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.PENDING


def test_an_inactive_member_cannot_decide(assigned, board_member, member):
    article = assigned.article
    type(member).objects.filter(pk=member.pk).update(is_active=False)  # pending kept
    before = footprint(article)
    with pytest.raises(ReviewForbidden, match="Jane Roe is not an active board member"):
        services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    assert footprint(article) == before


def test_one_member_counts_once_everywhere(half_approved, member, admin_user, client):
    """Two counting rows of one member (e.g. asked again on the same text) are one approval."""
    article, _ = half_approved
    approval = ReviewAssignment.objects.get(article=article, reviewer=member)
    duplicate = ReviewAssignment.objects.get(pk=approval.pk)
    duplicate.pk = None
    duplicate.previous = approval
    duplicate.save()
    assert ReviewAssignment.objects.counting_approvals(article).count() == 2
    assert selectors.quorum_status(article).approvals == 1
    assert selectors.quorum_problems(article) == [
        "the board has approved the current text 1 of 2 required times"
    ]
    client.force_login(admin_user)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "1 of 2 approvals of the current version" in page.content.decode()
    review = client.get(reverse("review:article", args=[article.pk]))
    assert review.context["page"].approvals == 1


def test_the_approving_decision_evaluates_the_quorum_once(
    half_approved, board_member2, monkeypatch
):
    """The decision's own evaluation (what the timeline records as in force) is the one
    the approval checks: the quorum is counted once per approval, not twice."""
    from review import quorum
    from review.services import decisions

    article, second = half_approved
    calls = []
    real = quorum.quorum_status

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(quorum, "quorum_status", counted)
    monkeypatch.setattr(decisions, "quorum_status", counted)
    services.review_decide(assignment=second, actor=board_member2, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.APPROVED
    assert len(calls) == 1
