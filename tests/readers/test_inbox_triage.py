"""The reader-feedback inbox as editors use it: in the workspace's layout and menu, Accept
as the primary action with a labelled "send back" checkbox, and Reject asking why."""

import re

import pytest
from django.urls import reverse

from articles.models import ArticleStatus
from readers import services
from readers.exceptions import TriageRefused
from readers.models import Feedback, FeedbackState
from tests.readers.helpers import approved_article

INBOX = "/reader-feedback/"


@pytest.fixture
def article(editor, board_member):
    return approved_article(editor, board_member)


@pytest.fixture
def report(article):
    return services.feedback_submit(
        article=article, kind="clinical_error", message="Wrong dose in the table.", client="5.5.5.5"
    )


def test_rejecting_needs_a_reason_and_a_refusal_changes_nothing(report, editor):
    for note in ("", "   "):
        with pytest.raises(TriageRefused, match="Say why the report is rejected"):
            services.feedback_triage(feedback=report, actor=editor, state="rejected", note=note)
    report.refresh_from_db()
    assert (report.state, report.triaged_by, report.triage_note) == ("new", None, "")
    rejected = services.feedback_triage(
        feedback=report, actor=editor, state="rejected", note="The dose matches the label."
    )
    assert rejected.state == FeedbackState.REJECTED
    assert rejected.triage_note == "The dose matches the label."


def test_the_inbox_refuses_a_reject_without_a_reason_with_a_clear_message(client, report, editor):
    client.force_login(editor)
    page = client.post(INBOX, {"feedback": report.pk, "state": "rejected", "note": ""})
    assert page.status_code == 400
    assert "Say why the report is rejected" in page.text
    report.refresh_from_db()
    assert report.state == "new"
    done = client.post(INBOX, {"feedback": report.pk, "state": "rejected", "note": "Duplicate."})
    assert done.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.triage_note) == ("rejected", "Duplicate.")


def test_accept_is_the_primary_action_and_reject_the_secondary_one_asking_why(
    client, report, editor
):
    client.force_login(editor)
    html = client.get(INBOX).text
    accept = re.search(r'<button[^>]*value="accepted"[^>]*>Accept</button>', html).group(0)
    reject = re.search(r'<button[^>]*value="rejected"[^>]*>Reject</button>', html).group(0)
    assert 'class="primary"' in accept and 'class="secondary"' in reject
    # Reject's own form asks the reason, with a label tied to the field.
    reject_form = re.search(r'<form[^>]*class="triage reject".*?</form>', html, re.S).group(0)
    assert f'<label for="reject-note-{report.pk}">Why reject this report?' in reject_form
    assert f'id="reject-note-{report.pk}" name="note"' in reject_form and "required" in reject_form


def test_the_send_back_checkbox_is_labelled_and_belongs_to_accept(client, report, editor):
    client.force_login(editor)
    html = client.get(INBOX).text
    accept_form = re.search(r'<form[^>]*class="triage">.*?</form>', html, re.S).group(0)
    box = f'<input type="checkbox" id="send-back-{report.pk}" name="send_back" value="1">'
    assert box in accept_form
    assert f'<label for="send-back-{report.pk}">When accepting, also send the article back' in (
        accept_form
    )
    assert "> and send the article back for review" not in html  # no stray fragment
    client.post(INBOX, {"feedback": report.pk, "state": "accepted", "send_back": "1"})
    report.refresh_from_db()
    assert report.state == "accepted" and report.sent_back_at is not None
    assert report.article.__class__.objects.get(pk=report.article_id).status == (
        ArticleStatus.DRAFT
    )


def test_the_inbox_wears_the_workspace_layout_not_the_public_one(client, report, editor):
    client.force_login(editor)
    html = client.get(INBOX).text
    assert '<nav class="editorial" aria-label="Editorial">' in html
    assert "<title>Reader feedback | Editorial workspace</title>" in html
    assert "Which best describes you?" not in html  # the public site's audience question
    assert re.search(r'<a href="/reader-feedback/" aria-current="page">Reader feedback</a>', html)


def _menu_links_inbox(client, user) -> bool:
    client.force_login(user)
    return 'href="/reader-feedback/"' in client.get(reverse("review:dashboard")).text


def test_the_workspace_menu_links_the_inbox_for_editors_and_admins(client, editor, admin_user):
    assert _menu_links_inbox(client, editor)
    assert _menu_links_inbox(client, admin_user)


def test_a_board_members_menu_does_not_link_the_inbox(client, board_member):
    from tests.review.factories import BoardMemberFactory

    BoardMemberFactory(user=board_member)
    assert not _menu_links_inbox(client, board_member)
    assert client.get(INBOX).status_code in (302, 403)


def test_the_admin_has_no_bulk_reject_that_would_skip_the_reason(client, report, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/readers/feedback/")
    assert 'value="mark_accepted"' in page.text
    assert 'value="mark_rejected"' not in page.text
    client.post(
        "/admin/readers/feedback/", {"action": "mark_rejected", "_selected_action": [report.pk]}
    )
    assert Feedback.objects.get(pk=report.pk).state == "new"
