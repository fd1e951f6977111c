"""What readers send us (problem reports, follow-up questions) and the editorial policy page.

Nothing here is deleted: a report or question is triaged (its state changes, with who and
when), and the policy page keeps every version (simple-history) with its own "last
updated". Text a reader wrote is stored as typed and always shown escaped.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import Article

REPORT_MAX_CHARS = 2000
QUESTION_MAX_CHARS = 1000
EMAIL_MAX_CHARS = 254


class FeedbackKind(models.TextChoices):
    CLINICAL_ERROR = "clinical_error", "Clinical error"
    OUTDATED = "outdated", "Out of date"
    TYPO = "typo", "Typo or wording"
    OTHER = "other", "Something else"


class FeedbackState(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    FIXED = "fixed", "Fixed"


class Severity(models.TextChoices):
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"


class Feedback(models.Model):
    """A reader's "Report a problem with this article"."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    # The approval reference of the version the reader was looking at ("" if pending).
    seen_version = models.CharField(max_length=32, blank=True)
    kind = models.CharField(max_length=20, choices=FeedbackKind.choices)
    message = models.TextField(max_length=REPORT_MAX_CHARS)
    email = models.EmailField(max_length=EMAIL_MAX_CHARS, blank=True)
    state = models.CharField(
        max_length=10, choices=FeedbackState.choices, default=FeedbackState.NEW, db_index=True
    )
    severity = models.CharField(
        max_length=10, choices=Severity.choices, default=Severity.NORMAL, db_index=True
    )
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    triaged_at = models.DateTimeField(null=True, blank=True, editable=False)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triage_note = models.TextField(blank=True)
    # Set when accepting the report sent the article back for a revision.
    sent_back_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "reader report"
        permissions = [("triage_feedback", "Can triage reader reports")]
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on “{self.article}” ({self.get_state_display()})"


class QuestionState(models.TextChoices):
    NEW = "new", "New"
    PLANNED = "planned", "Planned as an article"
    ANSWERED = "answered", "Answered by an article"
    DECLINED = "declined", "Declined"


class FollowUpQuestion(models.Model):
    """A reader's "Ask a follow-up question", for editors to triage into new articles."""

    asked_on = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    question = models.TextField(max_length=QUESTION_MAX_CHARS)
    email = models.EmailField(max_length=EMAIL_MAX_CHARS, blank=True)
    state = models.CharField(
        max_length=10, choices=QuestionState.choices, default=QuestionState.NEW, db_index=True
    )
    # The article written to answer it (linked when written).
    answer = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    triaged_at = models.DateTimeField(null=True, blank=True, editable=False)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triage_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "follow-up question"
        permissions = [("triage_followupquestion", "Can triage readers' questions")]
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return self.question[:80]


class PolicyPage(models.Model):
    """A page of the site's editorial policy, edited in the admin; every version is kept."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown (rendered with the articles' allow-list).")
    updated_at = models.DateTimeField("last updated", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title
