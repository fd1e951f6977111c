"""The one door for writes of the public site: readers' reports and questions, triage, policy.

Readers' submissions: validated (kind, length, e-mail), rate-limited per client address in
the cache, and stored as typed (they are only ever shown escaped). Triage is done by staff
holding the app's permissions; accepting a clinical-error report raises it to high
severity, e-mails the editors and, when asked, sends the article back for a revision
through ``articles.services.article_revise`` (readers keep the approved text meanwhile).
Rejecting a report needs a reason (kept as its triage note): a reader's report of an
error is not dismissed without saying why.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from articles import services as article_services
from articles.exceptions import ArticleError
from articles.models import Article
from articles.permissions import require
from articles.roles import EDITORS
from articles.textclean import strip_control
from review.services.notifications import notify_each

from . import throttle
from .exceptions import SubmissionRefused, TriageRefused
from .models import (
    EMAIL_MAX_CHARS,
    QUESTION_MAX_CHARS,
    REPORT_MAX_CHARS,
    Feedback,
    FeedbackKind,
    FeedbackState,
    FollowUpQuestion,
    PolicyPage,
    QuestionState,
    Severity,
)
from .selectors import article_is_public

MIN_CHARS = 10


def _clean_text(text: str, *, what: str, limit: int) -> str:
    text = (text or "").strip()
    if "\x00" in text:
        raise SubmissionRefused(f"Your {what} contains characters we cannot store.")
    # Other control characters (escapes, bells) are dropped, as at every other boundary.
    text = strip_control(text).strip()
    if len(text) < MIN_CHARS:
        raise SubmissionRefused(f"Please write your {what} in at least {MIN_CHARS} characters.")
    if len(text) > limit:
        raise SubmissionRefused(
            f"Your {what} is {len(text)} characters long; please keep it under {limit}."
        )
    return text


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    if len(email) > EMAIL_MAX_CHARS:
        raise SubmissionRefused("That e-mail address is too long.")
    try:
        validate_email(email)
    except ValidationError:
        raise SubmissionRefused("That e-mail address does not look right.") from None
    return email


def _admit(client: str, honeypot: str) -> None:
    if honeypot:
        # A field people cannot see was filled in: a bot. Refuse without saying why.
        raise SubmissionRefused("We could not accept this message.")
    if not throttle.take(client):
        raise SubmissionRefused(
            "You have sent several messages in the last hour; please try again later."
        )


def _check_article(article: Article) -> None:
    if not article_is_public(article):
        raise SubmissionRefused("This article is not available.")


@transaction.atomic
def feedback_submit(
    *,
    article: Article,
    kind: str,
    message: str,
    email: str = "",
    seen_version: str = "",
    client: str,
    honeypot: str = "",
) -> Feedback:
    """Store a reader's problem report; nothing is stored when it is refused."""
    if kind not in FeedbackKind.values:
        raise SubmissionRefused("Please choose what kind of problem you found.")
    message = _clean_text(message, what="report", limit=REPORT_MAX_CHARS)
    email = _clean_email(email)
    _check_article(article)
    _admit(client, honeypot)
    feedback = Feedback(
        article=article,
        kind=kind,
        message=message,
        email=email,
        seen_version=seen_version[:32],
    )
    feedback.full_clean()
    feedback._change_reason = "feedback.submit"
    feedback.save()
    return feedback


@transaction.atomic
def question_submit(
    *,
    question: str,
    asked_on: Article | None = None,
    email: str = "",
    client: str,
    honeypot: str = "",
) -> FollowUpQuestion:
    """Store a reader's follow-up question for the editors' queue."""
    question = _clean_text(question, what="question", limit=QUESTION_MAX_CHARS)
    email = _clean_email(email)
    if asked_on is not None:
        _check_article(asked_on)
    _admit(client, honeypot)
    item = FollowUpQuestion(asked_on=asked_on, question=question, email=email)
    item.full_clean()
    item._change_reason = "question.submit"
    item.save()
    return item


def _require(actor, codename: str, what: str) -> None:
    require(actor, f"readers.{codename}", what, TriageRefused)


FEEDBACK_MOVES = {
    FeedbackState.NEW: {FeedbackState.ACCEPTED, FeedbackState.REJECTED},
    FeedbackState.ACCEPTED: {FeedbackState.FIXED, FeedbackState.REJECTED},
    FeedbackState.REJECTED: {FeedbackState.ACCEPTED},
    FeedbackState.FIXED: set(),
}


@transaction.atomic
def feedback_triage(
    *, feedback: Feedback, actor, state: str, note: str = "", send_back: bool = False
) -> Feedback:
    """Move a report to ``state``; see the module docstring for what accepting one does."""
    _require(actor, "triage_feedback", "triage reader reports")
    fresh = Feedback.objects.select_for_update().select_related("article").get(pk=feedback.pk)
    if state not in FEEDBACK_MOVES.get(fresh.state, set()):
        raise TriageRefused(
            f"A report that is {fresh.get_state_display().lower()} cannot be marked "
            f"{FeedbackState(state).label.lower() if state in FeedbackState.values else state}."
        )
    if send_back and not (state == FeedbackState.ACCEPTED):
        raise TriageRefused("Only an accepted report can send the article back for review.")
    if state == FeedbackState.REJECTED and not note.strip():
        raise TriageRefused(
            "Say why the report is rejected: the reason is kept with the report, for the "
            "next editor who reads it."
        )
    fresh.state = state
    fresh.triaged_at = timezone.now()
    fresh.triaged_by = actor
    if note:
        fresh.triage_note = note.strip()
    raised = state == FeedbackState.ACCEPTED and fresh.kind == FeedbackKind.CLINICAL_ERROR
    if raised:
        fresh.severity = Severity.HIGH
    if send_back:
        try:
            article_services.article_revise(
                article=fresh.article,
                actor=actor,
                comment=f"Reader report #{fresh.pk} accepted ({fresh.get_kind_display()}).",
            )
        except ArticleError as exc:
            raise TriageRefused(f"Could not send the article back for review: {exc}") from exc
        fresh.sent_back_at = timezone.now()
    fresh.full_clean()
    fresh._change_reason = f"feedback.{state}"
    fresh.save()
    if raised:
        editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True)
        notify_each(
            list(editors),
            kind="reader_clinical_error",
            article=fresh.article,
            subject=f"HIGH: clinical error reported on “{fresh.article.title}”",
            message=(
                f"A reader's report of a clinical error was accepted by {actor}. "
                + ("The article was sent back for a revision. " if send_back else "")
                + "Please correct the article and submit it to the board."
            ),
        )
    return fresh


QUESTION_MOVES = {
    QuestionState.NEW: {QuestionState.PLANNED, QuestionState.ANSWERED, QuestionState.DECLINED},
    QuestionState.PLANNED: {QuestionState.ANSWERED, QuestionState.DECLINED},
    QuestionState.DECLINED: {QuestionState.PLANNED},
    QuestionState.ANSWERED: set(),
}


@transaction.atomic
def question_triage(
    *, question: FollowUpQuestion, actor, state: str, answer: Article | None = None, note=""
) -> FollowUpQuestion:
    """Plan, decline, or link a question to the article that answers it."""
    _require(actor, "triage_followupquestion", "triage readers' questions")
    fresh = FollowUpQuestion.objects.select_for_update().get(pk=question.pk)
    if state not in QUESTION_MOVES.get(fresh.state, set()):
        raise TriageRefused(
            f"A question that is {fresh.get_state_display().lower()} cannot move to "
            f"{QuestionState(state).label.lower() if state in QuestionState.values else state}."
        )
    if state == QuestionState.ANSWERED and answer is None:
        raise TriageRefused("Choose the article that answers the question.")
    if answer is not None:
        fresh.answer = answer
    fresh.state = state
    fresh.triaged_at = timezone.now()
    fresh.triaged_by = actor
    if note:
        fresh.triage_note = note.strip()
    fresh.full_clean()
    fresh._change_reason = f"question.{state}"
    fresh.save()
    return fresh


@transaction.atomic
def policy_page_update(*, page: PolicyPage, actor, title: str, body: str) -> PolicyPage:
    """Save a new version of a policy page; "last updated" moves only when text changed."""
    _require(actor, "change_policypage", "edit the editorial policy")
    fresh = PolicyPage.objects.select_for_update().get(pk=page.pk)
    if (fresh.title, fresh.body) == (title, body):
        return fresh
    fresh.title, fresh.body = title, body
    fresh.updated_at = timezone.now()
    fresh.updated_by = actor
    fresh.full_clean()
    fresh._change_reason = "policy.update"
    fresh.save()
    return fresh
