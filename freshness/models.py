"""Stale-content flags and the editors' overrides of retracted citations.

A `StaleFlag` says "this article needs attention, for this reason, about this subject" (the
reference concerned, the review assignment, or the article itself). The scan
(``freshness.scan``) raises and resolves them with set-based SQL; editors dismiss them with
a reason (``freshness.services``). Decisions:

- ``subject_id`` is 0 for the article itself, the reference's id for reference reasons,
  the assignment's id for ``review_assignment_overdue`` (the reason says which). It is
  never NULL, so the partial unique constraint "one open flag per (article, reason,
  subject)" holds in PostgreSQL and SQLite alike (NULLs would be distinct).
- ``cause`` is a short signature of the fact behind the flag (the review due date, the
  notice date, the label version…). A dismissed flag keeps the same cause from being raised
  again; a new cause (a newer label version, a new due date) raises a new flag.
- Nothing is deleted: a flag is resolved (automatically or dismissed), and every change is
  in its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import Article
from references.models import Reference


class Reason(models.TextChoices):
    REVIEW_DUE_SOON = "review_due_soon", "Board review due soon"
    REVIEW_OVERDUE = "review_overdue", "Board review overdue"
    REFERENCE_RETRACTED = "reference_retracted", "Cited reference retracted"
    REFERENCE_CONCERN = "reference_concern", "Expression of concern on a cited reference"
    REFERENCE_CORRECTED = "reference_corrected", "Cited reference corrected since approval"
    REFERENCE_SUPERSEDED = "reference_superseded", "Cited reference superseded"
    DRUG_LABEL_CHANGED = "drug_label_changed", "Cited drug label has a newer version"
    REFERENCE_OUTDATED = "reference_outdated", "Cited guideline is old"
    REVIEW_ASSIGNMENT_OVERDUE = "review_assignment_overdue", "Board review assignment overdue"


class Severity(models.IntegerChoices):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    CRITICAL = 4, "Critical"


class Resolution(models.TextChoices):
    AUTOMATIC = "automatic", "Resolved: the cause went away"
    DISMISSED = "dismissed", "Dismissed by an editor"


class StaleFlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class StaleFlag(models.Model):
    # The foreign keys' own indexes are left out: the scan writes flags by the ten
    # thousand and each index costs every row. The article is the first column of
    # ``freshness_flag_subject``; the others are partial indexes of the rows that have one.
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="stale_flags", db_index=False
    )
    reason = models.CharField(max_length=40, choices=Reason.choices)
    subject_id = models.BigIntegerField(
        default=0, help_text="0: the article; else the reference or assignment id."
    )
    reference = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stale_flags",
        db_index=False,
    )
    assignment = models.ForeignKey(
        "review.ReviewAssignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stale_flags",
        db_index=False,
    )
    cause = models.CharField(max_length=100, blank=True)
    detail = models.TextField(blank=True)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    raised_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    resolution_note = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    # Few indexes: the scan inserts and resolves flags by the hundred thousand; lookups go
    # through the partial unique index and (reason, resolved_at).
    history = HistoricalRecords(no_db_index=["article", "reference", "assignment", "resolved_by"])
    objects = StaleFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-severity", "respond_by", "raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reason", "subject_id"],
                condition=Q(resolved_at__isnull=True),
                name="freshness_one_open_flag",
            ),
        ]
        indexes = [
            models.Index(fields=["reason", "resolved_at"], name="freshness_reason_open"),
            # The scan's "is this flag already raised, or dismissed for this cause?" per
            # candidate: open and resolved flags alike (the unique index holds open ones).
            models.Index(fields=["article", "reason", "subject_id"], name="freshness_flag_subject"),
            models.Index(
                fields=["reference"],
                condition=Q(reference__isnull=False),
                name="freshness_flag_reference",
            ),
            models.Index(
                fields=["assignment"],
                condition=Q(assignment__isnull=False),
                name="freshness_flag_assignment",
            ),
            models.Index(
                fields=["resolved_by"],
                condition=Q(resolved_by__isnull=False),
                name="freshness_flag_resolved_by",
            ),
            # The attention queue: open flags, most urgent first.
            models.Index(
                fields=["-severity", "respond_by", "id"],
                condition=Q(resolved_at__isnull=True),
                name="freshness_open_by_urgency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.article}"

    @property
    def policy_words(self) -> str:
        """What the editors' policy says to do about a flag of this reason."""
        from .policy import POLICIES

        return POLICIES[self.reason].words

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and bool(self.respond_by) and self.respond_by < timezone.localdate()


class RetractionOverride(models.Model):
    """An editor's reason to keep citing a retracted reference in one article.

    E.g. an article that discusses the retraction. While it is active the retraction does
    not refuse submission or approval, and no ``reference_retracted`` flag is raised; it is
    shown to reviewers. Withdrawn, never deleted.
    """

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reference"],
                condition=Q(withdrawn_at__isnull=True),
                name="freshness_one_active_override",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference.key} in {self.article}: {self.reason[:60]}"
