"""Approvals are for an exact version: stale approvals, resubmission, the frozen version."""

from articles import services as article_services
from articles.models import ArticleStatus
from articles.substance import content_hash_of
from readers.selectors import article_page
from review import services
from review.models import AssignmentState, Decision, EventKind, Notification
from tests.review.helpers import edit

S = ArticleStatus


def test_an_edit_after_an_approval_makes_it_stale_and_asks_the_member_again(
    assigned, member2, admin_user, board_member, board_member2, editor, run_on_commit
):
    article = assigned.article
    services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    second = services.review_assign(article=article, reviewer=member2, actor=admin_user)
    old_hash = content_hash_of(article)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)

    run_on_commit(edit, article, editor, body="## From the Research\n\nNewer evidence.\n")

    assigned.refresh_from_db()
    assert assigned.is_stale and assigned.content_hash == old_hash
    again = article.assignments.pending().get(reviewer=assigned.reviewer)
    assert again.previous == assigned
    assert article.review_events.filter(kind=EventKind.STALE).count() == 1
    assert Notification.objects.filter(recipient=board_member, kind="asked_again").exists()

    # The second member approves the new text: one counting approval, not two.
    services.review_decide(assignment=second, actor=board_member2, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW

    services.review_decide(assignment=again, actor=board_member, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.APPROVED
    version = article.published_versions.get()
    assert "Newer evidence." in version.body
    assert set(version.approvals.values_list("pk", flat=True)) == {second.pk, again.pk}


def test_an_approval_of_other_text_never_counts(
    assigned, member2, admin_user, board_member, board_member2, editor
):
    """The quorum compares hashes itself: an approval of other text never counts."""
    article = assigned.article
    services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    second = services.review_assign(article=article, reviewer=member2, actor=admin_user)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    edit(article, editor, title="A changed question?")  # the first approval goes stale
    services.review_decide(assignment=second, actor=board_member2, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW


def test_a_save_that_changes_nothing_of_substance_keeps_approvals(
    assigned, member2, admin_user, board_member, board_member2, editor, run_on_commit
):
    article = assigned.article
    services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    second = services.review_assign(article=article, reviewer=member2, actor=admin_user)
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    article.refresh_from_db()
    changes_before = article.state_changes.count()

    run_on_commit(edit, article, editor, title=article.title, body=article.body, audience="patient")

    assigned.refresh_from_db()
    assert not assigned.is_stale
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW
    assert article.state_changes.count() == changes_before  # review not restarted
    assert article.assignments.pending().count() == 1
    services.review_decide(assignment=second, actor=board_member2, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.APPROVED


def test_request_changes_then_resubmission_asks_the_member_again(
    assigned, board_member, editor, run_on_commit
):
    article = assigned.article
    run_on_commit(
        services.review_decide,
        assignment=assigned,
        actor=board_member,
        decision=Decision.REQUEST_CHANGES,
        comment="Add the dosing table.",
    )
    article.refresh_from_db()
    assert article.status == S.CHANGES_REQUESTED
    assert Notification.objects.filter(recipient=editor, kind="decided").exists()

    run_on_commit(edit, article, editor, body=article.body + "\n| Drug | Dose |\n|---|---|\n")
    article.refresh_from_db()
    run_on_commit(article_services.article_submit, article=article, actor=editor)

    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW  # resumed with the same reviewer
    again = article.assignments.pending().get()
    assert (again.reviewer, again.previous) == (assigned.reviewer, assigned)
    assert [c.transition for c in article.state_changes.all()][-3:] == [
        "request_changes",
        "submit",
        "start_review",
    ]
    services.review_decide(assignment=again, actor=board_member, decision=Decision.APPROVE)
    article.refresh_from_db()
    assert article.status == S.APPROVED
    assert "Dose" in article.published_versions.get().body


def test_resubmission_without_reviewers_waits_for_assignment(
    submitted, editor, run_on_commit, member, admin_user
):
    run_on_commit(article_services.article_withdraw, article=submitted, actor=editor)
    submitted.refresh_from_db()
    run_on_commit(article_services.article_submit, article=submitted, actor=editor)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_readers_keep_the_frozen_version_during_a_revision_until_reapproval(
    assigned, board_member, editor, admin_user, member, run_on_commit
):
    article = assigned.article
    services.review_decide(assignment=assigned, actor=board_member, decision=Decision.APPROVE)
    article.refresh_from_db()
    first = article.published_versions.get()

    run_on_commit(article_services.article_revise, article=article, actor=editor)
    run_on_commit(edit, article, editor, title="What is new in treatment?", body="Draft text.\n")
    article.refresh_from_db()
    run_on_commit(
        article_services.article_submit,
        article=article,
        actor=editor,
        change_kind="update",
        change_note="New treatment.",
    )
    article.refresh_from_db()
    assert article.status == S.SUBMITTED  # a new review round: nobody is asked automatically

    page = article_page(slug=article.slug)
    assert page.approved and page.title == first.title
    assert page.approval_reference == first.approval_reference
    assert "Draft text." not in page.body_html

    again = run_on_commit(
        services.review_assign, article=article, reviewer=member, actor=admin_user
    )
    article.refresh_from_db()
    page = article_page(slug=article.slug)
    assert page.title == first.title  # still, while under review

    services.review_decide(assignment=again, actor=board_member, decision=Decision.APPROVE)
    page = article_page(slug=article.slug)
    assert page.title == "What is new in treatment?"
    assert "Draft text." in page.body_html
    assert page.approval_reference != first.approval_reference
    assigned.refresh_from_db()
    assert not assigned.is_stale  # it published the first version: history, not stale
    assert assigned.state == AssignmentState.COMPLETED


def test_archiving_withdraws_pending_assignments(assigned, admin_user, run_on_commit):
    article = assigned.article
    run_on_commit(article_services.article_archive, article=article, actor=admin_user)
    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.WITHDRAWN
    assert "archived" in assigned.closed_reason
