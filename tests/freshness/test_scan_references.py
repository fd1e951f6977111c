"""Time travel: each reference reason raises when it should, once, resolves, dismisses."""

from datetime import date

import pytest

from articles import services as article_services
from articles.models import ArticleStatus
from freshness import services
from freshness.models import Reason, Resolution, Severity
from references.data import Kind
from references.models import Reference
from review import services as review_services
from tests.articles.factories import ArticleFactory, article_in_state
from tests.freshness.helpers import (
    all_flags,
    at,
    draft_citing,
    edit_reference,
    open_flags,
    reapprove,
    record_status,
    scan_on,
    set_body,
)
from tests.references.factories import ReferenceFactory
from tests.review.factories import BoardMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ref():
    return ReferenceFactory(key="crum2004", doi="10.1016/j.amjmed.2004.03.035")


@pytest.fixture
def approved(editor, board_member, ref):
    """Approved on 2026-01-10, citing [@crum2004]."""
    with at("2026-01-10"):
        return article_in_state(
            ArticleStatus.APPROVED,
            editor=editor,
            board=board_member,
            body="Usually *S aureus* [@crum2004].",
        )


# --- reference_retracted ---------------------------------------------------------------


def test_retracted_raised_once_critical_two_days_resolved_when_citation_removed(
    approved, ref, editor
):
    scan_on("2026-02-01")
    assert open_flags(Reason.REFERENCE_RETRACTED) == []  # not retracted: nothing
    record_status(ref, retracted=True, retracted_on=date(2026, 2, 2))
    scan_on("2026-02-03")
    scan_on("2026-02-03")
    [flag] = open_flags(Reason.REFERENCE_RETRACTED)
    assert (flag.reference, flag.subject_id, flag.severity, flag.respond_by) == (
        ref,
        ref.pk,
        Severity.CRITICAL,
        date(2026, 2, 5),
    )
    assert "[@crum2004]" in flag.detail
    with at("2026-02-04"):
        article_services.article_revise(article=approved, actor=editor)
        set_body(approved, editor, "Usually *S aureus*.")
    scan_on("2026-02-04")
    assert open_flags(Reason.REFERENCE_RETRACTED) == []
    assert all_flags(Reason.REFERENCE_RETRACTED)[0].resolution == Resolution.AUTOMATIC


def test_retracted_not_raised_for_an_attached_uncited_or_archived_article(
    ref, editor, admin_user, board_member
):
    other = ReferenceFactory(key="other2001")
    draft_citing(editor, "Cites another [@other2001].")
    with at("2026-01-01"):
        archived = draft_citing(editor, "[@crum2004]")
        article_services.article_archive(article=archived, actor=admin_user)
    assert archived.citations.filter(number=1).exists()
    record_status(ref, retracted=True)
    scan_on("2026-02-01")
    assert open_flags(Reason.REFERENCE_RETRACTED) == []
    assert other.stale_flags.count() == 0


def test_retracted_resolved_when_status_corrected_and_by_override(approved, ref, editor):
    record_status(ref, retracted=True)
    scan_on("2026-02-03")
    assert len(open_flags(Reason.REFERENCE_RETRACTED)) == 1
    record_status(ref, retracted=False)
    scan_on("2026-02-04")
    assert open_flags(Reason.REFERENCE_RETRACTED) == []
    record_status(ref, retracted=True)
    scan_on("2026-02-05")
    assert len(open_flags(Reason.REFERENCE_RETRACTED)) == 1  # a new flag for the new cause
    services.retraction_override_record(
        article=approved, reference=ref, actor=editor, reason="The article explains the fraud."
    )
    scan_on("2026-02-06")
    assert open_flags(Reason.REFERENCE_RETRACTED) == []
    assert len(all_flags(Reason.REFERENCE_RETRACTED)) == 2


def test_retracted_dismissed_with_reason(approved, ref, editor):
    record_status(ref, retracted=True, retracted_on=date(2026, 2, 2))
    scan_on("2026-02-03")
    [flag] = open_flags(Reason.REFERENCE_RETRACTED)
    services.flag_dismiss(flag=flag, actor=editor, reason="Wrong DOI in Crossref; checked.")
    scan_on("2026-02-04")
    assert open_flags(Reason.REFERENCE_RETRACTED) == []


# --- reference_concern -----------------------------------------------------------------


def test_concern_raised_when_after_approval_resolved_by_approving_again(
    approved, ref, editor, board_member
):
    record_status(ref, concern=True, concern_on=date(2025, 12, 1))  # before approval
    scan_on("2026-02-01")
    assert open_flags(Reason.REFERENCE_CONCERN) == []
    record_status(ref, concern_on=date(2026, 2, 1))
    scan_on("2026-02-02")
    scan_on("2026-02-03")
    [flag] = open_flags(Reason.REFERENCE_CONCERN)
    assert flag.severity == Severity.HIGH
    with at("2026-02-10"):
        reapprove(approved, editor=editor, board_user=board_member)
    scan_on("2026-02-11")
    assert open_flags(Reason.REFERENCE_CONCERN) == []


def test_concern_dismissed(approved, ref, editor):
    record_status(ref, concern=True, concern_on=date(2026, 2, 1))
    scan_on("2026-02-02")
    [flag] = open_flags(Reason.REFERENCE_CONCERN)
    services.flag_dismiss(flag=flag, actor=editor, reason="Concern is about another figure.")
    scan_on("2026-02-03")
    assert open_flags(Reason.REFERENCE_CONCERN) == []


# --- reference_corrected ----------------------------------------------------------------


def test_corrected_only_after_the_last_approval(approved, ref, editor, board_member):
    record_status(ref, corrected=True, corrected_on=date(2025, 6, 1))
    scan_on("2026-02-01")
    assert open_flags(Reason.REFERENCE_CORRECTED) == []  # the approved text saw it
    record_status(ref, corrected_on=date(2026, 1, 20))
    scan_on("2026-02-02")
    scan_on("2026-02-03")
    [flag] = open_flags(Reason.REFERENCE_CORRECTED)
    assert flag.severity == Severity.LOW
    with at("2026-02-10"):
        reapprove(approved, editor=editor, board_user=board_member)
    scan_on("2026-02-11")
    assert open_flags(Reason.REFERENCE_CORRECTED) == []


def test_corrected_not_raised_for_a_never_approved_draft(ref, editor):
    draft_citing(editor, "[@crum2004]")
    record_status(ref, corrected=True, corrected_on=date(2026, 1, 20))
    scan_on("2026-02-02")
    assert open_flags(Reason.REFERENCE_CORRECTED) == []


# --- reference_superseded ---------------------------------------------------------------


def test_superseded_by_editor_relation_raises_and_clears(approved, ref, editor):
    newer = ReferenceFactory(key="newer2026", kind=Kind.GUIDELINE)
    scan_on("2026-02-01")
    assert open_flags(Reason.REFERENCE_SUPERSEDED) == []
    edit_reference(ref, superseded_by=newer, superseded_on=date(2026, 2, 1))
    scan_on("2026-02-02")
    scan_on("2026-02-02")
    [flag] = open_flags(Reason.REFERENCE_SUPERSEDED)
    assert flag.severity == Severity.HIGH
    edit_reference(Reference.objects.get(pk=ref.pk), superseded_by=None)
    scan_on("2026-02-03")
    assert open_flags(Reason.REFERENCE_SUPERSEDED) == []


def test_superseded_by_pubmed_update_notice_and_dismissed(approved, ref, editor):
    record_status(ref, superseded_notice="PMID 38000001", superseded_on=date(2026, 2, 1))
    scan_on("2026-02-02")
    [flag] = open_flags(Reason.REFERENCE_SUPERSEDED)
    services.flag_dismiss(flag=flag, actor=editor, reason="The update does not change this.")
    scan_on("2026-02-03")
    assert open_flags(Reason.REFERENCE_SUPERSEDED) == []


# --- drug_label_changed -----------------------------------------------------------------


@pytest.fixture
def label(editor, board_member):
    ref = ReferenceFactory(
        key="ceftriaxone-label",
        kind=Kind.DRUG_LABEL,
        title="Ceftriaxone for injection [package insert]",
        label_set_id="c8b1e4e1-9e2f-4f48-9d3b-1b7a2f9c0d11",
    )
    edit_reference(ref, label_cited_version=11)
    with at("2026-01-10"):
        article_in_state(
            ArticleStatus.APPROVED,
            editor=editor,
            board=board_member,
            body="Dose [@ceftriaxone-label].",
        )
    return Reference.objects.get(pk=ref.pk)


def test_drug_label_newer_version_raised_high_two_days_and_resolved(label, editor):
    record_status(label, label_latest_version=11)
    scan_on("2026-02-01")
    assert open_flags(Reason.DRUG_LABEL_CHANGED) == []
    record_status(label, label_latest_version=12)
    scan_on("2026-03-01")
    scan_on("2026-03-01")
    [flag] = open_flags(Reason.DRUG_LABEL_CHANGED)
    assert (flag.severity, flag.respond_by, flag.cause) == (Severity.HIGH, date(2026, 3, 3), "12")
    edit_reference(Reference.objects.get(pk=label.pk), label_cited_version=12)
    scan_on("2026-03-02")
    assert open_flags(Reason.DRUG_LABEL_CHANGED) == []


def test_drug_label_dismissed_version_is_not_raised_again_but_a_newer_one_is(label, editor):
    record_status(label, label_latest_version=12)
    scan_on("2026-03-01")
    [flag] = open_flags(Reason.DRUG_LABEL_CHANGED)
    services.flag_dismiss(flag=flag, actor=editor, reason="Only the packaging changed.")
    scan_on("2026-03-02")
    assert open_flags(Reason.DRUG_LABEL_CHANGED) == []
    record_status(label, label_latest_version=13)
    scan_on("2026-04-01")
    [new] = open_flags(Reason.DRUG_LABEL_CHANGED)
    assert new.cause == "13"


# --- reference_outdated -----------------------------------------------------------------


def test_old_guideline_flagged_low_recent_one_not(editor):
    ReferenceFactory(key="idsa2014", kind=Kind.GUIDELINE, year=2014)
    ReferenceFactory(key="idsa2024", kind=Kind.GUIDELINE, year=2024)
    ReferenceFactory(key="old-research", kind=Kind.RESEARCH, year=1990)
    draft_citing(editor, "[@idsa2014] [@idsa2024] [@old-research]")
    scan_on("2026-02-01")
    scan_on("2026-02-02")
    [flag] = open_flags(Reason.REFERENCE_OUTDATED)
    assert flag.reference.key == "idsa2014" and flag.severity == Severity.LOW
    guideline = Reference.objects.get(key="idsa2014")
    edit_reference(guideline, revised=date(2025, 5, 1))  # the body updated it
    scan_on("2026-02-03")
    assert open_flags(Reason.REFERENCE_OUTDATED) == []


def test_old_guideline_dismissed(editor):
    ReferenceFactory(key="idsa2014", kind=Kind.GUIDELINE, year=2014)
    draft_citing(editor, "[@idsa2014]")
    scan_on("2026-02-01")
    [flag] = open_flags(Reason.REFERENCE_OUTDATED)
    services.flag_dismiss(flag=flag, actor=editor, reason="Still the current guideline.")
    scan_on("2027-02-01")
    assert open_flags(Reason.REFERENCE_OUTDATED) == []


# --- review_assignment_overdue ----------------------------------------------------------


def test_assignment_overdue_raised_once_resolved_when_decided(editor, admin_user, board_member):
    member = BoardMemberFactory(user=board_member)
    with at("2026-03-01"):
        article = ArticleFactory(author=editor)
        article_services.article_submit(article=article, actor=editor)
        assignment = review_services.review_assign(
            article=article, reviewer=member, actor=admin_user
        )
    due = assignment.due_date
    scan_on(due.isoformat())
    assert open_flags(Reason.REVIEW_ASSIGNMENT_OVERDUE) == []
    later = date.fromordinal(due.toordinal() + 1).isoformat()
    scan_on(later)
    scan_on(later)
    [flag] = open_flags(Reason.REVIEW_ASSIGNMENT_OVERDUE)
    assert (flag.assignment, flag.subject_id, flag.severity) == (
        assignment,
        assignment.pk,
        Severity.MEDIUM,
    )
    with at(later):
        review_services.review_decide(
            assignment=assignment, actor=board_member, decision="request_changes", comment="x"
        )
    scan_on(later)
    assert open_flags(Reason.REVIEW_ASSIGNMENT_OVERDUE) == []


def test_assignment_overdue_dismissed(editor, admin_user, board_member):
    member = BoardMemberFactory(user=board_member)
    with at("2026-03-01"):
        article = ArticleFactory(author=editor)
        article_services.article_submit(article=article, actor=editor)
        review_services.review_assign(article=article, reviewer=member, actor=admin_user)
    scan_on("2026-04-01")
    [flag] = open_flags(Reason.REVIEW_ASSIGNMENT_OVERDUE)
    services.flag_dismiss(flag=flag, actor=editor, reason="Dr Roe is on leave; agreed delay.")
    scan_on("2026-04-02")
    assert open_flags(Reason.REVIEW_ASSIGNMENT_OVERDUE) == []


# --- the scan as a whole ------------------------------------------------------------------


def test_scan_query_count_does_not_depend_on_the_number_of_articles(
    editor, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from freshness.scan import stale_scan

    ReferenceFactory(key="idsa2014", kind=Kind.GUIDELINE, year=2014)
    draft_citing(editor, "[@idsa2014]")
    with CaptureQueriesContext(connection) as one:
        stale_scan()
    for _ in range(5):
        draft_citing(editor, "[@idsa2014]")
    with CaptureQueriesContext(connection) as six:
        stale_scan()
    assert len(one) == len(six)
    assert len(open_flags(Reason.REFERENCE_OUTDATED)) == 6
