"""Time travel: review_due_soon and review_overdue raise, stay single, resolve, dismiss."""

from datetime import date

import pytest

from articles.models import ArticleStatus
from freshness import services
from freshness.exceptions import FreshnessError
from freshness.models import Reason, Resolution, Severity
from tests.articles.factories import article_in_state
from tests.freshness.helpers import all_flags, at, open_flags, reapprove, scan_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(editor, board_member):
    """Approved on 2026-01-10 with a 12-month interval: next review due 2027-01-10."""
    with at("2026-01-10"):
        return article_in_state(
            ArticleStatus.APPROVED, editor=editor, board=board_member, review_interval_months=12
        )


def test_due_soon_raised_inside_the_window_once_then_becomes_overdue(approved):
    assert approved.next_review_due == date(2027, 1, 10)
    scan_on("2026-12-01")  # 40 days before: outside the 30-day window
    assert open_flags(Reason.REVIEW_DUE_SOON) == []

    scan_on("2026-12-15")
    scan_on("2026-12-16")  # repeated runs raise it once
    [flag] = open_flags(Reason.REVIEW_DUE_SOON)
    assert (flag.article, flag.severity, flag.respond_by) == (
        approved,
        Severity.LOW,
        date(2027, 1, 10),
    )
    assert "2027-01-10" in flag.detail
    assert open_flags(Reason.REVIEW_OVERDUE) == []

    result = scan_on("2027-01-11")  # the due date passed
    assert result.resolved[Reason.REVIEW_DUE_SOON] == 1
    flag.refresh_from_db()
    assert flag.resolution == Resolution.AUTOMATIC and flag.resolved_at is not None
    [overdue] = open_flags(Reason.REVIEW_OVERDUE)
    assert overdue.severity == Severity.MEDIUM
    assert [h.history_change_reason for h in flag.history.order_by("history_id")] == [
        "flag.raise: scan",
        "flag.resolve: the cause went away",
    ]
    # an overdue review leaves the article published
    approved.refresh_from_db()
    assert approved.status == ArticleStatus.APPROVED


def test_overdue_resolved_when_approved_again(approved, editor, board_member):
    scan_on("2027-02-01")
    assert len(open_flags(Reason.REVIEW_OVERDUE)) == 1
    with at("2027-02-03"):
        reapprove(approved, editor=editor, board_user=board_member)
    scan_on("2027-02-04")
    assert open_flags(Reason.REVIEW_OVERDUE) == []
    assert open_flags(Reason.REVIEW_DUE_SOON) == []
    [flag] = all_flags(Reason.REVIEW_OVERDUE)
    assert flag.resolution == Resolution.AUTOMATIC


def test_archived_and_never_approved_articles_are_not_flagged(editor, board_member, admin_user):
    with at("2020-01-10"):
        article_in_state(
            ArticleStatus.ARCHIVED, editor=editor, board=board_member, admin=admin_user
        )
        article_in_state(ArticleStatus.DRAFT, editor=editor, board=board_member)
    scan_on("2026-01-01")
    assert open_flags(Reason.REVIEW_OVERDUE) == [] and open_flags(Reason.REVIEW_DUE_SOON) == []


def test_dismissed_with_a_reason_is_not_raised_again_for_the_same_cause(approved, editor):
    scan_on("2026-12-20")
    [flag] = open_flags(Reason.REVIEW_DUE_SOON)
    with at("2026-12-21"):
        services.flag_dismiss(flag=flag, actor=editor, reason="Review booked for January.")
    scan_on("2026-12-22")
    assert open_flags(Reason.REVIEW_DUE_SOON) == []
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_by, flag.resolution_note) == (
        Resolution.DISMISSED,
        editor,
        "Review booked for January.",
    )
    assert flag.history.first().history_change_reason.startswith("flag.dismiss:")


def test_dismiss_refusals_change_nothing(approved, editor, outsider):
    scan_on("2026-12-20")
    [flag] = open_flags(Reason.REVIEW_DUE_SOON)
    with pytest.raises(FreshnessError, match="a reason is required"):
        services.flag_dismiss(flag=flag, actor=editor, reason="   ")
    from articles.exceptions import ActionForbidden

    with pytest.raises(ActionForbidden, match="does not allow you to dismiss"):
        services.flag_dismiss(flag=flag, actor=outsider, reason="No.")
    flag.refresh_from_db()
    assert flag.is_open and flag.history.count() == 1
    services.flag_dismiss(flag=flag, actor=editor, reason="Handled.")
    with pytest.raises(FreshnessError, match="already closed"):
        services.flag_dismiss(flag=flag, actor=editor, reason="Again.")
