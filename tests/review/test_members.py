"""Board members: profiles, deactivation, conflicts of interest."""

import pytest

from review import services
from review.exceptions import ReviewerNotEligible, ReviewForbidden
from review.models import AssignmentState, BoardMember, Notification
from tests.articles.factories import UserFactory


def test_admin_creates_a_profile_for_a_user_with_the_board_role(admin_user, board_member):
    member = services.board_member_create(
        actor=admin_user,
        user=board_member,
        credentials="MD, FACP",
        specialties="rheumatology",
        conflict_disclosure="None.",
    )
    assert member.display_name == "Jane Roe"
    assert member.conflict_disclosed_at is not None
    assert member.public_data() == {
        "member_id": member.pk,
        "name": "Jane Roe",
        "credentials": "MD, FACP",
        "specialties": ["rheumatology"],
        "disclosure": "None.",
    }


def test_a_profile_needs_the_board_role_and_an_admin(admin_user, editor, board_member):
    with pytest.raises(ReviewerNotEligible, match="does not have the Advisory Board role"):
        services.board_member_create(actor=admin_user, user=UserFactory())
    with pytest.raises(ReviewForbidden, match="add board members"):
        services.board_member_create(actor=editor, user=board_member)
    assert not BoardMember.objects.exists()


def test_deactivating_a_member_withdraws_pending_work_and_keeps_decisions(
    assigned, admin_user, run_on_commit
):
    member = assigned.reviewer
    run_on_commit(services.board_member_update, member=member, actor=admin_user, is_active=False)
    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.WITHDRAWN
    assert "left the active board" in assigned.closed_reason
    assert Notification.objects.filter(recipient=admin_user, kind="withdrawn").exists()
    with pytest.raises(ReviewerNotEligible, match="not an active board member"):
        services.review_assign(article=assigned.article, reviewer=member, actor=admin_user)


def test_declaring_a_conflict_withdraws_the_pending_assignment(assigned, board_member, outsider):
    with pytest.raises(ReviewForbidden, match="Only the member themselves or an admin"):
        services.conflict_declare(
            member=assigned.reviewer, article=assigned.article, actor=outsider, description="x"
        )
    services.conflict_declare(
        member=assigned.reviewer,
        article=assigned.article,
        actor=board_member,
        description="Co-author of the cited trial",
    )
    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.WITHDRAWN
