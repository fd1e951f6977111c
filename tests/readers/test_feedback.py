"""Readers talk back: problem reports and follow-up questions, abuse limits, triage."""

import pytest
from django.core import mail
from django.test import Client

from articles.models import ArticleStatus
from readers import services
from readers.exceptions import SubmissionRefused, TriageRefused
from readers.models import Feedback, FeedbackState, FollowUpQuestion, QuestionState, Severity
from tests.articles.factories import UserFactory, article_in_state
from tests.readers.helpers import approved_article

GOOD = {"kind": "clinical_error", "message": "The dose in paragraph 2 is ten times too high."}


@pytest.fixture
def article(editor, board_member):
    return approved_article(editor, board_member)


def _report(client, article, **data):
    return client.post(f"{article.get_absolute_url()}report/", {**GOOD, **data})


def test_a_reader_reports_a_problem_without_logging_in(client, article):
    response = _report(client, article, email="reader@example.org")
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/report/")
    feedback = Feedback.objects.get()
    assert (feedback.article, feedback.kind, feedback.state) == (
        article,
        "clinical_error",
        FeedbackState.NEW,
    )
    assert feedback.seen_version == article.published_versions.first().approval_reference
    assert "Your report has been sent" in client.get(response["Location"]).text


def test_a_reader_asks_a_follow_up_question(client, article):
    response = client.post(
        f"{article.get_absolute_url()}ask/", {"question": "Can children take this treatment?"}
    )
    assert response.status_code == 302
    question = FollowUpQuestion.objects.get()
    assert question.asked_on == article and question.state == QuestionState.NEW


@pytest.mark.parametrize(
    "data,message",
    [
        ({"message": "short"}, "at least 10 characters"),
        ({"message": "x" * 2001}, "Ensure this value has at most 2000 characters"),
        ({"kind": "rant"}, "Select a valid choice"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"website": "http://spam.example"}, "We could not accept this message."),
    ],
)
def test_bad_reports_get_a_clear_message_and_store_nothing(client, article, data, message):
    response = _report(client, article, **data)
    assert response.status_code == 400
    assert message in response.text
    assert not Feedback.objects.exists()


def test_the_form_pages_of_a_draft_or_archived_article_are_not_there(
    client, editor, board_member, admin_user
):
    draft = article_in_state("draft", editor=editor, board=board_member)
    for path in ("report/", "ask/"):
        assert client.get(f"{draft.get_absolute_url()}{path}").status_code == 404
    archived = article_in_state(
        "archived", editor=editor, board=board_member, admin=admin_user, title="Gone?"
    )
    gone = client.get(f"{archived.get_absolute_url()}ask/")
    assert gone.status_code == 410 and "Send question" not in gone.text
    assert not Feedback.objects.exists() and not FollowUpQuestion.objects.exists()


def test_service_refuses_overlong_text_and_nul_bytes(article):
    with pytest.raises(SubmissionRefused, match="please keep it under 1000"):
        services.question_submit(question="q" * 1001, client="1.2.3.4")
    with pytest.raises(SubmissionRefused, match="characters we cannot store"):
        services.feedback_submit(
            article=article, kind="typo", message="bad \x00 byte here", client="1.2.3.4"
        )
    assert not FollowUpQuestion.objects.exists() and not Feedback.objects.exists()


def test_per_ip_rate_limit(client, article, settings):
    settings.READERS_SUBMISSIONS_PER_HOUR = 3
    for _ in range(3):
        assert _report(client, article).status_code == 302
    response = client.post(f"{article.get_absolute_url()}ask/", {"question": "One more question?"})
    assert response.status_code == 400
    assert "You have sent several messages in the last hour" in response.text
    assert Feedback.objects.count() == 3 and not FollowUpQuestion.objects.exists()
    # Another address is not affected.
    other = client.post(
        f"{article.get_absolute_url()}ask/",
        {"question": "A question from elsewhere?"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 302


def test_csrf_is_enforced(article):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"{article.get_absolute_url()}report/", GOOD).status_code == 403
    assert not Feedback.objects.exists()
    page = strict.get(f"{article.get_absolute_url()}report/")
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    ok = strict.post(f"{article.get_absolute_url()}report/", {**GOOD, "csrfmiddlewaretoken": token})
    assert ok.status_code == 302 and Feedback.objects.count() == 1
    # The form page is never cached: every reader gets a token of their own.
    other = Client(enforce_csrf_checks=True).get(f"{article.get_absolute_url()}report/")
    assert "X-Page-Cache" not in other
    assert other.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0] != token


def test_a_refused_report_shows_the_form_again_with_what_was_typed(client, article):
    response = _report(client, article, message="too short")
    assert response.status_code == 400
    assert "Please write your report in at least 10 characters." in response.text
    assert ">too short</textarea>" in response.text
    assert not Feedback.objects.exists()


def test_drafts_take_no_reports(client, editor, board_member):
    draft = article_in_state("draft", editor=editor, board=board_member)
    assert _report(client, draft).status_code == 404
    with pytest.raises(SubmissionRefused, match="This article is not available."):
        services.feedback_submit(article=draft, client="1.1.1.1", **GOOD)
    assert not Feedback.objects.exists()


# --- triage -------------------------------------------------------------------------------


def _feedback(article, kind="clinical_error"):
    return services.feedback_submit(
        article=article, kind=kind, message="Wrong dose in the table.", client="5.5.5.5"
    )


def test_accepting_a_clinical_error_raises_it_and_tells_the_editors(
    article, editor, django_capture_on_commit_callbacks
):
    feedback = _feedback(article)
    with django_capture_on_commit_callbacks(execute=True):
        triaged = services.feedback_triage(feedback=feedback, actor=editor, state="accepted")
    assert triaged.state == FeedbackState.ACCEPTED and triaged.severity == Severity.HIGH
    assert any("HIGH: clinical error reported" in m.subject for m in mail.outbox)
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED  # not sent back unless asked


def test_accepting_can_send_the_article_back_for_review(client, article, editor):
    feedback = _feedback(article)
    services.feedback_triage(feedback=feedback, actor=editor, state="accepted", send_back=True)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert article.state_changes.last().comment.startswith(f"Reader report #{feedback.pk}")
    feedback.refresh_from_db()
    assert feedback.sent_back_at is not None
    # Readers keep the approved text meanwhile.
    assert "Review status: Approved" in client.get(article.get_absolute_url()).text


def test_a_typo_is_not_raised(article, editor):
    feedback = services.feedback_triage(
        feedback=_feedback(article, kind="typo"), actor=editor, state="accepted"
    )
    assert feedback.severity == Severity.NORMAL


def test_triage_refusals_change_nothing(article, editor, board_member):
    feedback = _feedback(article)
    with pytest.raises(TriageRefused, match="Your role does not allow you to triage reader"):
        services.feedback_triage(feedback=feedback, actor=board_member, state="accepted")
    with pytest.raises(TriageRefused, match="A report that is new cannot be marked fixed"):
        services.feedback_triage(feedback=feedback, actor=editor, state="fixed")
    with pytest.raises(TriageRefused, match="Only an accepted report can send"):
        services.feedback_triage(feedback=feedback, actor=editor, state="rejected", send_back=True)
    feedback.refresh_from_db()
    assert (feedback.state, feedback.severity, feedback.triaged_by) == ("new", "normal", None)
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED


def test_send_back_refused_by_the_article_service_rolls_back(editor, board_member, article):
    pending = article_in_state("submitted", editor=editor, board=board_member)
    feedback = _feedback(pending)
    with pytest.raises(TriageRefused, match="Could not send the article back for review"):
        services.feedback_triage(feedback=feedback, actor=editor, state="accepted", send_back=True)
    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.NEW and feedback.severity == Severity.NORMAL


def test_questions_are_triaged_into_articles_and_linked(editor, board_member, article):
    question = services.question_submit(question="Is psoas myositis contagious?", client="1.1.1.1")
    with pytest.raises(TriageRefused, match="Choose the article that answers"):
        services.question_triage(question=question, actor=editor, state="answered")
    planned = services.question_triage(question=question, actor=editor, state="planned")
    assert planned.state == QuestionState.PLANNED
    answered = services.question_triage(
        question=question, actor=editor, state="answered", answer=article
    )
    assert answered.answer == article
    with pytest.raises(TriageRefused, match="cannot move to declined"):
        services.question_triage(question=question, actor=editor, state="declined")


def test_editors_see_reports_in_their_inbox_and_triage_there(client, article, editor):
    _feedback(article)
    services.question_submit(question="What about in pregnancy?", client="1.1.1.1")
    client.force_login(editor)
    html = client.get("/reader-feedback/").text
    assert "Wrong dose in the table." in html and "What about in pregnancy?" in html
    feedback = Feedback.objects.get()
    response = client.post("/reader-feedback/", {"feedback": feedback.pk, "state": "accepted"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.state == "accepted" and feedback.severity == "high"
    assert "HIGH · Clinical error" in client.get("/reader-feedback/").text
    bad = client.post("/reader-feedback/", {"feedback": feedback.pk, "state": "new"})
    assert bad.status_code == 400 and "cannot be marked" in bad.text


def test_inbox_is_for_staff_only(client, article):
    assert client.get("/reader-feedback/").status_code == 302
    reader = UserFactory(is_staff=False)
    client.force_login(reader)
    assert client.get("/reader-feedback/").status_code == 302


def test_admin_lists_reports_with_triage_actions(client, article, editor, admin_user):
    feedback = _feedback(article)
    client.force_login(editor)
    changelist = client.get("/admin/readers/feedback/")
    assert changelist.status_code == 200
    assert "Wrong dose in the table." in changelist.text
    response = client.post(
        "/admin/readers/feedback/",
        {"action": "mark_accepted", "_selected_action": [feedback.pk]},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.state == "accepted"


def test_the_inbox_lists_a_bounded_number_most_urgent_first(client, article, editor, monkeypatch):
    from readers import inbox

    monkeypatch.setattr(inbox, "INBOX_LIMIT", 3)
    for i in range(4):
        Feedback.objects.create(
            article=article, kind="typo", message=f"Typo number {i}.", severity="normal"
        )
    Feedback.objects.create(
        article=article, kind="clinical_error", message="The dose is wrong.", severity="high"
    )
    client.force_login(editor)
    html = client.get("/reader-feedback/").text
    assert html.count("data-report=") == 3  # one triage card per listed report
    assert "The dose is wrong." in html  # the most urgent is never cut off
    assert "Showing the 3 most urgent open reports" in html
    assert 'id="more-questions"' not in html
