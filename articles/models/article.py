"""The Article, its review workflow, and what readers see of it.

State changes happen only through the transitions below. A transition changes fields in
memory only and its conditions read without side effects, so that
``ConcurrentTransitionMixin`` can refuse a save whose state changed since it was read. The
services in ``articles.services`` are the one door that calls them: they check the actor,
run the transition, record the change and save, all in one database transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from ..exceptions import ArticleNotDeletable
from .choices import (
    SUBSTANCE_FIELDS,
    ArticleStatus,
    Audience,
    ChangeKind,
    ExpiryAction,
    _can,
    _can_judge,
    default_review_interval,
    has_title_and_body,
    next_review_date,
    other_audience,
    version_name,
)


class Topic(models.Model):
    """A subject area readers browse by and review policies match on (e.g. "Paediatrics").

    Topics are metadata: changing an article's topics never changes its substance, so it
    neither moves "Last updated" nor asks the board again.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def delete(self):
        raise ArticleNotDeletable()


class Article(ConcurrentTransitionMixin, models.Model):
    title = models.CharField(
        "question",
        max_length=255,
        help_text="The clinical question this article answers, e.g. "
        "“What is the treatment for psoas myositis?”",
    )
    slug = models.SlugField(max_length=255, unique=True)
    summary = models.TextField(blank=True, help_text="A short answer shown under the title.")
    body = models.TextField(blank=True, help_text="Markdown.")
    audience = models.CharField(
        max_length=20,
        choices=Audience.choices,
        default=Audience.CLINICIAN,
        help_text="Who the summary and body above are written for.",
    )
    alt_summary = models.TextField(
        "summary for the other audience",
        blank=True,
        help_text="The short answer written for the other audience (plain language for "
        "patients and caregivers beside a clinician text). Optional; the references are shared.",
    )
    alt_body = models.TextField(
        "body for the other audience",
        blank=True,
        help_text="Markdown; may cite the references the body cites.",
    )
    # The public record of the revision being prepared: required when a revision of an
    # approved article is submitted, frozen into the next approved version.
    change_kind = models.CharField(
        "kind of change", max_length=20, choices=ChangeKind.choices, blank=True
    )
    change_note = models.CharField(
        "what changed",
        max_length=300,
        blank=True,
        help_text="Shown to readers in the article history, e.g. “Dosing updated after the "
        "2026 guideline”.",
    )
    # Set by a board member requesting changes for a clinical error: readers of the pending
    # page see a short notice instead of the text until it is submitted again
    # (``articles.visibility.text_withheld``). Not substance: "Last updated" stays.
    withheld_from_readers = models.BooleanField(
        "not safe to show",
        default=False,
        help_text="Set by the board when requesting changes for a clinical error; cleared "
        "when the article is submitted again.",
    )
    # Why a review policy keeps this article off the public site while pending (empty:
    # it does not). Kept up to date by the safety checks after every edit and transition.
    hidden_while_pending = models.CharField(
        "kept off the site while pending",
        max_length=300,
        blank=True,
        editable=False,
        help_text="Why a review policy keeps it off the public site until approved.",
    )
    # Scheduling (metadata: may change while approved).
    release_at = models.DateTimeField(
        "go live at",
        null=True,
        blank=True,
        help_text="Embargo: the next approved version goes live at this date and time instead "
        "of at once. Empty: at once.",
    )
    expires_at = models.DateTimeField(
        "expires at",
        null=True,
        blank=True,
        help_text="After this, the article is archived or shown as under review (below).",
    )
    expiry_action = models.CharField(
        "on expiry", max_length=20, choices=ExpiryAction.choices, default=ExpiryAction.BANNER
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_articles",
        help_text="The editor who created the article.",
    )
    status = FSMField(
        max_length=20,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        protected=True,
        db_index=True,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    content_updated_at = models.DateTimeField(
        "last updated",
        default=timezone.now,
        editable=False,
        help_text="Moves only when the substance (title, body, cited references) changes.",
    )
    last_reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_review_due = models.DateField(null=True, blank=True, editable=False, db_index=True)
    review_interval_months = models.PositiveSmallIntegerField(
        default=default_review_interval,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Months between board reviews; shorter for fast-moving topics.",
    )
    related_articles = models.ManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name="related questions"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    # The optimistic lock, shown nowhere: incremented on every save; the editing form
    # carries the number it was built from,
    # and a save from a stale form is refused instead of overwriting someone's work.
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    # The per-article version number people see ("v3"): it moves only when the substance
    # (title, summary, body) changes, so a state change keeps the number of the text it
    # moved. History records carry it too. Read it through ``version_name``.
    text_version = models.PositiveIntegerField("version", default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["lock_version"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-content_updated_at"]
        indexes = [
            # The public list: approved articles (reviewed once), newest review first. A
            # covering index, so counting and paging never read the article bodies.
            models.Index(fields=["last_reviewed_at", "status"], name="article_reviewed_status"),
            # The admin's and the workspace's default order, "last updated" first.
            models.Index(fields=["-content_updated_at", "-id"], name="article_updated"),
            # The home page's order (newest review first), read in order page after page:
            # only the rows it lists (reviewed once, not archived), from the index alone.
            models.Index(
                fields=["-last_reviewed_at", "-id"],
                condition=models.Q(last_reviewed_at__isnull=False)
                & ~models.Q(status=ArticleStatus.ARCHIVED),
                name="article_public_order",
            ),
            # The dashboard's lists: expiries to come, articles without the other audience.
            models.Index(
                fields=["expires_at"],
                condition=models.Q(expires_at__isnull=False),
                name="article_expiring",
            ),
            models.Index(
                fields=["title"], condition=models.Q(alt_body=""), name="article_one_audience"
            ),
            # The dashboard's "waiting for a reviewer": articles in review, oldest first.
            models.Index(
                fields=["content_updated_at", "id"],
                condition=models.Q(
                    status__in=[ArticleStatus.SUBMITTED, ArticleStatus.UNDER_REVIEW]
                ),
                name="article_in_review",
            ),
            # The stale scan: articles due for review (covering on PostgreSQL), and the few
            # archived ones every other rule leaves out.
            models.Index(
                fields=["next_review_due"],
                include=["id"],
                condition=~models.Q(status=ArticleStatus.ARCHIVED),
                name="article_review_due",
            ),
            models.Index(
                fields=["id"],
                condition=models.Q(status=ArticleStatus.ARCHIVED),
                name="article_archived",
            ),
        ]
        permissions = [
            ("submit_article", "Can submit an article for review"),
            ("withdraw_article", "Can withdraw an article from review"),
            ("start_review_article", "Can start the board review of an article"),
            ("request_changes_article", "Can request changes to an article"),
            ("approve_article", "Can approve an article"),
            ("revise_article", "Can start a revision of an approved article"),
            ("archive_article", "Can archive an article"),
            ("restore_article", "Can restore an archived article"),
            ("revert_article", "Can revert an article to an older version"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The public page is served by the ``readers`` app (the public site); a URL name
        # is not an import, so ``articles`` still knows nothing of the apps above it.
        return reverse("readers:article", kwargs={"slug": self.slug})

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        """Reload from the database, the status included, safely beside other threads.

        django-fsm-2's own ``refresh_from_db`` switches the status field's protection off
        while it reloads, but that switch belongs to the field, which every instance in
        the process shares: a thread finishing its refresh switches it back on in the
        middle of another thread's, which then fails with "Direct status modification is
        not allowed". Here only this instance's loaded status is set aside before the
        reload; the protection stays on for everyone else. (Even a partial reload brings
        the status back: django-fsm reads every loaded instance's status.)
        """
        if fields is None:
            deferred = self.get_deferred_fields()
            fields = [f.attname for f in self._meta.concrete_fields if f.attname not in deferred]
        self.__dict__.pop("status", None)
        models.Model.refresh_from_db(self, using=using, fields=fields, from_queryset=from_queryset)
        self._update_initial_state()

    def delete(self, *args, **kwargs):
        raise ArticleNotDeletable()

    # --- substance --------------------------------------------------------------------

    def substance(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in SUBSTANCE_FIELDS}

    @property
    def alt_audience(self) -> str:
        return other_audience(self.audience)

    def has_alt_version(self) -> bool:
        return bool(self.alt_body.strip())

    def is_expired(self, now=None) -> bool:
        return bool(self.expires_at and self.expires_at <= (now or timezone.now()))

    def version_name(self) -> str:
        """The name people see for the current text: "v3"."""
        return version_name(self.text_version)

    # --- transitions (in memory only; call them through articles.services) ------------

    @transition(
        field=status,
        source=[ArticleStatus.DRAFT, ArticleStatus.CHANGES_REQUESTED],
        target=ArticleStatus.SUBMITTED,
        conditions=[has_title_and_body],
        permission=_can("submit_article"),
        custom={"label": "Submit for review"},
    )
    def submit(self) -> None:
        """Hand the article to the board (a text withheld from readers is shown again)."""
        self.withheld_from_readers = False

    @transition(
        field=status,
        source=[ArticleStatus.SUBMITTED, ArticleStatus.UNDER_REVIEW],
        target=ArticleStatus.DRAFT,
        permission=_can("withdraw_article"),
        custom={"label": "Withdraw from review"},
    )
    def withdraw(self) -> None:
        """Take the article back to draft before the board decides."""

    @transition(
        field=status,
        source=ArticleStatus.SUBMITTED,
        target=ArticleStatus.UNDER_REVIEW,
        permission=_can_judge("start_review_article"),
        custom={"label": "Start review", "admin": False, "board_decision": True},
    )
    def start_review(self) -> None:
        """The board has picked the article up."""

    @transition(
        field=status,
        source=ArticleStatus.UNDER_REVIEW,
        target=ArticleStatus.CHANGES_REQUESTED,
        permission=_can_judge("request_changes_article"),
        custom={"label": "Request changes", "admin": False, "board_decision": True},
    )
    def request_changes(self, withhold: bool = False) -> None:
        """Send the article back to its editors; ``withhold``: not safe to show readers."""
        self.withheld_from_readers = withhold

    @transition(
        field=status,
        source=ArticleStatus.UNDER_REVIEW,
        target=ArticleStatus.APPROVED,
        permission=_can_judge("approve_article"),
        custom={"label": "Approve", "admin": False, "board_decision": True},
    )
    def approve(self, *, at=None) -> None:
        """Approval is a review: it stamps "last reviewed" and schedules the next one."""
        at = at or timezone.now()
        self.last_reviewed_at = at
        self.next_review_due = next_review_date(self, at)

    @transition(
        field=status,
        source=ArticleStatus.APPROVED,
        target=ArticleStatus.DRAFT,
        permission=_can("revise_article"),
        custom={"label": "Start a revision"},
    )
    def revise(self) -> None:
        """Open a new working version; readers keep the approved one meanwhile.

        The new version needs its own "what changed" note before it is submitted.
        """
        self.change_kind = ""
        self.change_note = ""

    @transition(
        field=status,
        source=[s for s in ArticleStatus.values if s != ArticleStatus.ARCHIVED],
        target=ArticleStatus.ARCHIVED,
        permission=_can("archive_article"),
        custom={"label": "Archive"},
    )
    def archive(self) -> None:
        """Take the article out of circulation. Nothing is deleted."""

    @transition(
        field=status,
        source=[
            ArticleStatus.DRAFT,
            ArticleStatus.SUBMITTED,
            ArticleStatus.UNDER_REVIEW,
            ArticleStatus.CHANGES_REQUESTED,
            ArticleStatus.APPROVED,
        ],
        target=ArticleStatus.DRAFT,
        permission=_can("revert_article"),
        custom={"label": "Revert to an older version", "admin": False},
    )
    def revert(self, *, to: dict[str, str]) -> None:
        """Put an older version's substance back as a new draft version.

        The approved (published) version is untouched: readers keep it until the
        reverted text is reviewed and approved again.
        """
        for name in SUBSTANCE_FIELDS:
            setattr(self, name, to[name])

    @transition(
        field=status,
        source=ArticleStatus.ARCHIVED,
        target=ArticleStatus.DRAFT,
        permission=_can("restore_article"),
        custom={"label": "Restore"},
    )
    def restore(self) -> None:
        """Bring an archived article back as a draft."""


class ArticleSearch(models.Model):
    """The words of an article's working text, for the staff's search (PostgreSQL only).

    One row per article, written by a database trigger when an article is created or its
    title, summaries or bodies change (never by Python, so no write path can forget it):
    the English full-text vector of all five, served by a GIN index. A table of its own so
    that loading an article never loads its vector. SQLite leaves it empty; the admin then
    matches the text itself (``articles.selectors.staff_search``).
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    vector = SearchVectorField()

    class Meta:
        verbose_name = "article search text"

    def __str__(self) -> str:
        return f"Search text of article {self.article_id}"
