"""The review admin: lists with their filters, writes through the services, the timeline."""

import pytest
from django.urls import reverse

from review import services
from review.models import AssignmentState, BoardMember, Decision, ReviewAssignment


@pytest.fixture
def decided(assigned, board_member):
    services.comment_create(article=assigned.article, actor=board_member, body="Looks right.")
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    return assigned


@pytest.mark.parametrize(
    "query",
    ["", "?overdue=yes", "?overdue=no", "?state__exact=completed", "?decision__exact=approve"],
)
def test_assignment_list_and_filters(query, decided, admin_user, client):
    client.force_login(admin_user)
    response = client.get(reverse("admin:review_reviewassignment_changelist") + query)
    assert response.status_code == 200


def test_reviewer_filter(decided, admin_user, client):
    client.force_login(admin_user)
    url = reverse("admin:review_reviewassignment_changelist")
    response = client.get(url + f"?reviewer__id__exact={decided.reviewer_id}")
    assert response.status_code == 200
    assert decided.article.title in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["boardmember", "reviewcomment", "notification", "reviewevent", "conflictofinterest"],
)
def test_other_lists_load(name, decided, admin_user, client):
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:review_{name}_changelist")).status_code == 200


def test_article_admin_shows_the_review_timeline_and_live_version(decided, admin_user, client):
    client.force_login(admin_user)
    response = client.get(reverse("admin:articles_article_change", args=[decided.article_id]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Review timeline" in page
    assert "Reviewer assigned" in page and "Decision recorded" in page
    assert "Under review → Approved" in page
    assert "Looks right." in page
    assert "MAB-" in page  # which version is live


def test_adding_an_assignment_goes_through_the_service(submitted, member, admin_user, client):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:review_reviewassignment_add"),
        {"article": submitted.pk, "reviewer": member.pk, "due_date": ""},
    )
    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get()
    assert (assignment.assigned_by, assignment.state) == (admin_user, AssignmentState.PENDING)
    submitted.refresh_from_db()
    assert submitted.status == "under_review"


def test_a_refused_assignment_is_an_admin_message(draft, member, admin_user, client):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:review_reviewassignment_add"),
        {"article": draft.pk, "reviewer": member.pk, "due_date": ""},
        follow=True,
    )
    assert "Submit it first" in response.content.decode()
    assert not ReviewAssignment.objects.exists()


def test_deactivating_in_the_admin_withdraws_pending_assignments(assigned, admin_user, client):
    member = assigned.reviewer
    client.force_login(admin_user)
    url = reverse("admin:review_boardmember_change", args=[member.pk])
    response = client.post(
        url,
        {
            "display_name": member.display_name,
            "credentials": member.credentials,
            "specialties": member.specialties,
            "bio": member.bio,
            "conflict_disclosure": "",
            "conflict_disclosed_at": "",
            # is_active unchecked
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not BoardMember.objects.get(pk=member.pk).is_active
    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.WITHDRAWN


def test_editors_cannot_change_board_members(member, editor, client):
    client.force_login(editor)
    url = reverse("admin:review_boardmember_change", args=[member.pk])
    assert client.post(url, {"display_name": "X"}).status_code == 403
