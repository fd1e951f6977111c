"""The Medical Advisory Board: its members, their assignments and decisions, the discussion.

Every write goes through ``review.services``; the models hold data and the constraints the
database can enforce by itself. Decisions made here:

- A decision belongs to its assignment: one assignment asks one member for one decision.
  When a member must be asked again (the text changed after they approved, or the editors
  answered their request for changes) a new assignment is created and the old one keeps
  its decision, so the record of who approved which exact text is never rewritten.
- An approval counts toward the quorum only while its ``content_hash`` equals the
  article's current one, it has not been marked stale, it has not already been used for a
  publication (``published_version``: each approval of the board is spent once), and its
  member is still active (``ReviewAssignmentQuerySet.counting_approvals``, the one rule).
- Nothing here is hard-deleted: assignments are withdrawn, comments resolved, members
  deactivated.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, PublishedVersion, version_name
from articles.substance import content_hash_of
from articles.textclean import validate_visible


class BoardMember(models.Model):
    """A credentialed clinician on the Medical Advisory Board (one profile per user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_member"
    )
    display_name = models.CharField(
        max_length=120,
        help_text="As readers see it, e.g. “Jane Roe”.",
        validators=[validate_visible],
    )
    credentials = models.CharField(
        max_length=120, blank=True, help_text="e.g. “MD, FACP”.", validators=[validate_visible]
    )
    specialties = models.CharField(
        max_length=255,
        blank=True,
        help_text="Comma-separated, e.g. “rheumatology, sports medicine”.",
    )
    bio = models.TextField("short bio", max_length=1000, blank=True)
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Inactive members cannot be assigned; deactivating one withdraws their "
        "pending assignments.",
    )
    conflict_disclosure = models.TextField(
        "conflict-of-interest disclosure",
        blank=True,
        help_text="Financial and other interests, as the member declared them.",
    )
    conflict_disclosed_at = models.DateField("disclosure date", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name

    @property
    def specialty_list(self) -> list[str]:
        return [s.strip() for s in self.specialties.split(",") if s.strip()]

    def public_data(self) -> dict[str, object]:
        """What readers see of the member on an approved version (stored as plain data)."""
        return {
            "member_id": self.pk,
            "name": self.display_name,
            "credentials": self.credentials,
            "specialties": self.specialty_list,
            # As declared when approving: the article page shows what applied then.
            "disclosure": self.conflict_disclosure,
        }


class ConflictOfInterest(models.Model):
    """A member's declared conflict for one article: they cannot be assigned to review it."""

    member = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="conflicts")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(help_text="What the conflict is.")
    declared_at = models.DateTimeField(default=timezone.now)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "conflicts of interest"
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "article"], name="one_conflict_per_article")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.article}"


class ReviewRequirement(models.Model):
    """A per-article override of the quorum, e.g. two approvals for a high-risk topic.

    Without a row the article needs ``settings.REVIEW_DEFAULT_QUORUM`` approvals. A change
    applies from the next decision on; it never approves or reopens anything by itself.
    """

    article = models.OneToOneField(
        Article, on_delete=models.PROTECT, related_name="review_requirement"
    )
    required_approvals = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Approvals of the current version needed before it is published.",
    )
    reason = models.CharField(max_length=255, blank=True, help_text="e.g. “high-risk topic”.")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.article}: {self.required_approvals} approval(s)"


class AssignmentState(models.TextChoices):
    PENDING = "pending", "Pending"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"


class ReviewAssignmentQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=AssignmentState.PENDING)

    def overdue(self, *, today=None):
        return self.pending().filter(due_date__lt=today or timezone.localdate())

    def unspent_approvals(self, article: Article):
        """Approvals of ``article`` not yet marked stale nor used for a publication."""
        return self.filter(
            article=article,
            state=AssignmentState.COMPLETED,
            decision=Decision.APPROVE,
            stale_at__isnull=True,
            published_version__isnull=True,
        )

    def counting_approvals(self, article: Article, *, content_hash: str | None = None):
        """The approvals that count toward the quorum of ``article`` as it is now.

        The one counting rule (see the module docstring): unspent approvals of the current
        content hash by members who are still active (an approval by a member who left the
        board, or whose account was deactivated, is not credited). ``content_hash`` saves
        recomputing it when the caller has it from the same (locked, fresh) article.
        """
        current = content_hash if content_hash is not None else content_hash_of(article)
        return self.unspent_approvals(article).filter(
            content_hash=current,
            reviewer__is_active=True,
            reviewer__user__is_active=True,
        )


class ReviewAssignment(models.Model):
    """One member asked to review one article; at most one decision, on an exact version."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="assignments")
    reviewer = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    due_date = models.DateField()
    state = models.CharField(
        max_length=20,
        choices=AssignmentState.choices,
        default=AssignmentState.PENDING,
        db_index=True,
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The exact version the decision was made on: the simple-history record and the
    # SHA-256 of its substance (title, summary, body), as content_hash_of(Article) computes it.
    history_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The per-article version number the member was shown and decided on ("v5").
    text_version = models.PositiveIntegerField("version", null=True, blank=True)
    # The member's attestation that they re-checked the cited evidence of that exact text
    # (the references as listed on their decision form); it carries ``content_hash`` too.
    evidence_checked_at = models.DateTimeField(null=True, blank=True)
    evidence_checked = models.JSONField(
        default=list,
        blank=True,
        help_text="The cited references the member confirmed they checked (label and key).",
    )
    # The claims without a citation the member confirmed when approving, as listed.
    claims_confirmed = models.JSONField(
        default=list, blank=True, help_text="The uncited claims the member confirmed, as listed."
    )
    # Set when the text changed after this approval: it no longer counts.
    stale_at = models.DateTimeField(null=True, blank=True)
    # Set when this approval was one of those that published a version.
    published_version = models.ForeignKey(
        PublishedVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approvals",
    )
    # Why a pending assignment ended without a decision (declined or withdrawn).
    closed_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The assignment this one asks again (after a stale approval or a request for changes).
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ReviewAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        permissions = [
            ("assign_reviewer", "Can assign board members to review articles"),
            ("view_all_reviews", "Can open the review page of every article"),
            ("access_editorial", "Can use the editorial screens"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reviewer"],
                condition=Q(state="pending"),
                name="one_pending_assignment_per_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(state="completed", decided_at__isnull=False)
                & ~Q(decision="")
                & ~Q(content_hash="")
                | ~Q(state="completed") & Q(decision=""),
                name="decision_iff_completed",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "state"]),
            # A member's most recent decisions (the board page, "My reviews").
            models.Index(fields=["reviewer", "-decided_at"], name="assignment_reviewer_decided"),
            # The board page: each member's newest approvals that published a version,
            # read in order from the index alone (covering on PostgreSQL).
            models.Index(
                fields=["reviewer", "-decided_at", "-id"],
                include=["article"],
                condition=models.Q(decision=Decision.APPROVE, published_version__isnull=False),
                name="assignment_member_approvals",
            ),
            # The stale scan's overdue assignments (covering on PostgreSQL).
            models.Index(
                fields=["due_date"],
                include=["id", "article", "reviewer"],
                condition=models.Q(state=AssignmentState.PENDING),
                name="assignment_pending_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.article} ({self.get_state_display()})"

    @property
    def is_overdue(self) -> bool:
        return self.state == AssignmentState.PENDING and self.due_date < timezone.localdate()

    @property
    def is_stale(self) -> bool:
        return self.stale_at is not None

    def version_name(self) -> str:
        return version_name(self.text_version)


class ReviewComment(models.Model):
    """A comment in an article's review discussion, optionally quoting a passage.

    Threads are one level deep, as in most review tools: a reply to a reply joins the
    thread of its root. Resolving is done on the thread (the root comment). Comments
    belong to the article, not to a version, so they are kept across versions; each one
    remembers the version it was written on.
    """

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="review_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    quote = models.TextField(blank=True, max_length=2000, help_text="The passage referred to.")
    body = models.TextField(max_length=5000)
    history_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The people it mentions (``@name``), each of whom could see the article when written.
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="review_mentions"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("resolve_any_reviewcomment", "Can resolve any review comment thread")]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}: {self.body[:40]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class EventKind(models.TextChoices):
    ASSIGNED = "assigned", "Reviewer assigned"
    ASKED_AGAIN = "asked_again", "Reviewer asked again"
    DECIDED = "decided", "Decision recorded"
    EVIDENCE = "evidence", "Evidence checked"
    DECLINED = "declined", "Assignment declined"
    WITHDRAWN = "withdrawn", "Assignment withdrawn"
    STALE = "stale", "Approval became stale"
    COMMENTED = "commented", "Comment"
    RESOLVED = "resolved", "Comment thread resolved"
    REOPENED = "reopened", "Comment thread reopened"
    CONFLICT = "conflict", "Conflict of interest declared"
    QUORUM = "quorum", "Required approvals changed"
    PUBLISHED = "published", "Approved version published"
    CONTENT_API = "content_api", "Content API"


class ReviewEvent(models.Model):
    """One line of an article's review timeline: who did what, when. Append-only.

    State changes are recorded by ``articles.StateChange``; the timeline selector merges
    both, so nothing is written twice.
    """

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="review_events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    message = models.TextField()
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    comment = models.ForeignKey(
        ReviewComment, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    history_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["article", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.message}"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    HELD = "held", "Held for the daily digest"


class Notification(models.Model):
    """An email in the outbox.

    Written in the same transaction as the review action that causes it, so it exists if
    and only if the action committed. A task sends it after commit; a periodic task sends
    whatever is still pending (a broker that was down, a worker that died), so nothing is
    lost and a broker outage never breaks the action itself. A sender claims the row
    (``sending``) in a short transaction, sends with no transaction open, and records the
    outcome in another (see ``review.services.notifications``).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(help_text="The address when the notification was written.")
    kind = models.CharField(max_length=30)
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the last attempt claimed the row (status "sending" while it is in flight).
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email} ({self.status})"


from .link_models import ReviewLink  # noqa: E402, F401
from .preference_models import Delivery, NotificationPreference  # noqa: E402, F401
