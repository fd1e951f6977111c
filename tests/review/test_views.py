"""The editorial screens: every role on every URL, forged POSTs, and query counts."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticleStatus, StateChange
from articles.substance import content_hash_of
from review import services
from review.models import (
    AssignmentState,
    Decision,
    ReviewAssignment,
    ReviewComment,
    ReviewEvent,
)
from tests.articles.factories import ArticleFactory, UserFactory, article_in_state
from tests.review.factories import BoardMemberFactory
from tests.review.helpers import edit

S = ArticleStatus
ROLES = ["anonymous", "outsider", "editor", "editor2", "board_member", "board_member2", "admin"]


@pytest.fixture
def world(assigned, editor, editor2, board_member, board_member2, member2, admin_user, outsider):
    """An article by ``editor`` under review by ``board_member`` (Jane Roe), one comment."""
    comment = services.comment_create(
        article=assigned.article, actor=board_member, body="Check the dose."
    )
    record = assigned.article.history.order_by("history_id")
    return {
        "article": assigned.article,
        "assignment": assigned,
        "comment": comment,
        "old": record.first().history_id,
        "new": record.last().history_id,
        "users": {
            "anonymous": None,
            "outsider": outsider,
            "editor": editor,
            "editor2": editor2,
            "board_member": board_member,
            "board_member2": board_member2,
            "admin": admin_user,
        },
        "member2": member2,
    }


def footprint(article):
    return (
        ArticleStatus(type(article).objects.get(pk=article.pk).status),
        StateChange.objects.filter(article=article).count(),
        ReviewAssignment.objects.filter(article=article).count(),
        ReviewAssignment.objects.filter(article=article, state=AssignmentState.PENDING).count(),
        ReviewComment.objects.filter(article=article).count(),
        ReviewComment.objects.filter(article=article, resolved_at__isnull=False).count(),
        ReviewEvent.objects.filter(article=article).count(),
    )


# (name, method, url builder, POST data builder, roles allowed)
ENDPOINTS = {
    "dashboard": ("get", lambda w: reverse("review:dashboard"), None, set(ROLES[2:])),
    "article": (
        "get",
        lambda w: reverse("review:article", args=[w["article"].pk]),
        None,
        {"editor", "editor2", "board_member", "admin"},
    ),
    "versions": (
        "get",
        lambda w: reverse("review:versions", args=[w["article"].pk]),
        None,
        {"editor", "editor2", "board_member", "admin"},
    ),
    "diff": (
        "get",
        lambda w: (
            reverse("review:diff", args=[w["article"].pk]) + f"?old={w['old']}&new={w['new']}"
        ),
        None,
        {"editor", "editor2", "board_member", "admin"},
    ),
    "assign_form": (
        "get",
        lambda w: reverse("review:assign", args=[w["article"].pk]),
        None,
        {"editor", "editor2", "admin"},  # the author sees why they cannot
    ),
    "assign": (
        "post",
        lambda w: reverse("review:assign", args=[w["article"].pk]),
        lambda w: {"reviewer": w["member2"].pk, "due_date": "", "comment": ""},
        {"editor2", "admin"},
    ),
    "decide": (
        "post",
        lambda w: reverse("review:decide", args=[w["assignment"].pk]),
        lambda w: {"decision": Decision.APPROVE, "comment": "Fine.", **seen(w["article"])},
        {"board_member"},
    ),
    "decline": (
        "post",
        lambda w: reverse("review:decline", args=[w["assignment"].pk]),
        lambda w: {"reason": "Away this month"},
        {"board_member"},
    ),
    "withdraw": (
        "post",
        lambda w: reverse("review:withdraw", args=[w["assignment"].pk]),
        lambda w: {"reason": "Reassigning"},
        {"editor2", "admin"},
    ),
    "comment": (
        "post",
        lambda w: reverse("review:comment", args=[w["article"].pk]),
        lambda w: {"body": "A point.", "quote": "Some evidence."},
        {"editor", "editor2", "board_member", "admin"},
    ),
    "resolve": (
        "post",
        lambda w: reverse("review:resolve_comment", args=[w["comment"].pk]),
        lambda w: {},
        {"editor", "editor2", "board_member", "admin"},
    ),
}
MATRIX = [(name, role) for name in ENDPOINTS for role in ROLES]


@pytest.mark.parametrize(("name", "role"), MATRIX)
def test_every_role_on_every_editorial_url(name, role, world, client):
    method, url_for, data_for, allowed = ENDPOINTS[name]
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    before = footprint(world["article"])
    url = url_for(world)
    response = getattr(client, method)(url, data_for(world) if data_for else None)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse(settings.LOGIN_URL))
        assert footprint(world["article"]) == before
    elif role in allowed:
        assert response.status_code == (200 if method == "get" else 302), response.content[:300]
        if method == "post":
            assert footprint(world["article"]) != before, "the allowed action did something"
    else:
        assert response.status_code == 403
        assert footprint(world["article"]) == before, "a refused POST changed nothing"


def test_the_review_page_shows_only_the_actions_the_user_may_take(world, client):
    url = reverse("review:article", args=[world["article"].pk])
    client.force_login(world["users"]["board_member"])
    page = client.get(url).content.decode()
    assert "Record decision" in page and "Decline" in page
    assert "Assign a reviewer" not in page and ">Withdraw<" not in page

    client.force_login(world["users"]["editor2"])
    page = client.get(url).content.decode()
    assert "Record decision" not in page
    assert "Assign a reviewer" in page and "Withdraw" in page

    client.force_login(world["users"]["editor"])  # the author
    page = client.get(url).content.decode()
    assert "Record decision" not in page and "Assign a reviewer" not in page
    assert "Withdraw" not in page


def seen(article) -> dict:
    """What the decision form carries: the hash and version of the text shown."""
    article.refresh_from_db()
    return {"seen_content_hash": content_hash_of(article), "seen_version": article.text_version}


def test_deciding_from_the_page_approves_and_shows_the_live_version(world, client):
    client.force_login(world["users"]["board_member"])
    response = client.post(
        reverse("review:decide", args=[world["assignment"].pk]),
        {"decision": "approve", "comment": "Accurate.", **seen(world["article"])},
        follow=True,
    )
    assert "Your decision was recorded." in response.content.decode()
    page = response.content.decode()
    assert "<h2>Approved</h2>" in page and "<strong>MAB-" in page
    assert "Readers see this approved version" in page


def test_a_refusal_is_a_message_and_changes_nothing(world, client):
    client.force_login(world["users"]["board_member"])
    before = footprint(world["article"])
    response = client.post(
        reverse("review:decide", args=[world["assignment"].pk]),
        {"decision": "request_changes", "comment": "", **seen(world["article"])},
        follow=True,
    )
    assert "a request for changes needs a comment" in response.content.decode()
    assert footprint(world["article"]) == before


def test_a_reader_cannot_see_unpublished_versions_through_diff(world, client):
    client.force_login(world["users"]["outsider"])
    url = reverse("review:diff", args=[world["article"].pk])
    assert client.get(url + f"?old={world['old']}&new={world['new']}").status_code == 403


# --- query counts --------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _fill_dashboard(n, *, chief, member, editor, board):
    for _ in range(n):
        ArticleFactory(author=chief)  # drafts
        article_in_state(S.SUBMITTED, editor=chief, board=board)  # mine, in review
        article = article_in_state(S.SUBMITTED, editor=editor, board=board)
        services.review_assign(article=article, reviewer=member, actor=chief)  # my queue
        article_in_state(S.SUBMITTED, editor=editor, board=board)  # awaiting assignment


@pytest.mark.parametrize("n", [3, 15])
def test_dashboard_queries_do_not_grow(
    n, client, editor, board_member, django_assert_max_num_queries
):
    chief = UserFactory(role="Admins")
    chief.groups.add(*board_member.groups.all())  # an admin who also sits on the board
    member = BoardMemberFactory(user=chief)
    _fill_dashboard(n, chief=chief, member=member, editor=editor, board=board_member)
    client.force_login(chief)
    # 10, plus 3 for the publishing cards (scheduled releases, expiries, missing versions),
    # plus the second factor's device, re-read each request.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("review:dashboard"))
    page = response.content.decode()
    assert page.count("(overdue)") == 0
    assert "My review queue" in page and "Awaiting a reviewer" in page


def _fill_review(article, n, *, admin, editor):
    members = [BoardMemberFactory() for _ in range(n)]
    for member in members:
        services.review_assign(article=article, reviewer=member, actor=admin)
    for i in range(n):
        root = services.comment_create(article=article, actor=editor, body=f"Point {i}")
        services.comment_create(article=article, actor=admin, body="Reply", parent=root)
        edit(article, editor, body=article.body + f"\nLine {i}.\n")
    return members


@pytest.mark.parametrize("n", [3, 15])
def test_review_page_queries_do_not_grow(
    n, client, editor, admin_user, board_member, django_assert_max_num_queries
):
    article = article_in_state(S.SUBMITTED, editor=editor, board=board_member)
    members = _fill_review(article, n, admin=admin_user, editor=editor)
    first = article.assignments.get(reviewer=members[0])
    services.review_decide(
        assignment=first, actor=members[0].user, decision="request_changes", comment="More."
    )
    url = reverse("review:article", args=[article.pk])
    client.force_login(admin_user)
    # 16 for the review itself (the navigation bar asks once whether the user is a board
    # member), a few for the clinical claims check (safety): the matching review policies,
    # the article's override, the requirements in the quorum; 2 for the freshness panel
    # (open flags, cited references' status); and 2 for the versions (the hash of the text
    # shown, carried by the decision form, and the cited references of both diffed versions);
    # 2 for who else has the article open ("Being edited by …").
    with django_assert_max_num_queries(26):
        client.get(url)
    client.force_login(members[0].user)  # a member who reviewed before: diff since then
    with django_assert_max_num_queries(26):
        response = client.get(url)
    assert "the version you last reviewed" in response.content.decode()


def test_query_counts_are_the_same_for_few_and_many(client, editor, admin_user, board_member):
    small = article_in_state(S.SUBMITTED, editor=editor, board=board_member)
    large = article_in_state(S.SUBMITTED, editor=editor, board=board_member)
    _fill_review(small, 2, admin=admin_user, editor=editor)
    _fill_review(large, 12, admin=admin_user, editor=editor)
    client.force_login(admin_user)
    assert _count(client, reverse("review:article", args=[small.pk])) == _count(
        client, reverse("review:article", args=[large.pk])
    )


@pytest.mark.parametrize(
    "url_name",
    ["admin:review_reviewcomment_changelist", "review:article", "review:versions", "review:diff"],
)
def test_an_unassigned_board_member_sees_nothing_of_another_article(
    world, client, board_member2, url_name
):
    """No admin list of every discussion; no review, versions or diff pages of an article
    they were not asked to review (the board holds no ``articles.view_article`` either)."""
    assert not board_member2.has_perm("articles.view_article")
    assert not board_member2.has_perm("review.view_reviewcomment")
    client.force_login(board_member2)
    article = world["article"]
    if url_name.startswith("admin:"):
        url = reverse(url_name)
    elif url_name == "review:diff":
        url = reverse(url_name, args=[article.pk]) + f"?old={world['old']}&new={world['new']}"
    else:
        url = reverse(url_name, args=[article.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "Check the dose." not in response.content.decode()
