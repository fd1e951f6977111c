"""What an article leaves behind: its state changes, the approved versions readers see
(frozen once written) and the releases of embargoed ones."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from ..exceptions import PublishedVersionFrozen
from .article import Article
from .choices import ArticleStatus, Audience, ChangeKind, other_audience, version_name


class StateChange(models.Model):
    """One transition: who moved the article, from where to where, when and why."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="state_changes")
    transition = models.CharField(max_length=40)
    source = models.CharField(max_length=20, choices=ArticleStatus.choices)
    target = models.CharField(max_length=20, choices=ArticleStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    # The history record the article had right after the change.
    history_id = models.PositiveBigIntegerField(null=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["article", "at"])]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.source} → {self.target} ({self.transition})"


class PublishedVersionQuerySet(models.QuerySet):
    def live(self):
        """Versions readers may see: not embargoed, or released by the scheduled job."""
        return self.filter(models.Q(release_at__isnull=True) | models.Q(release__isnull=False))

    def update(self, **kwargs):
        raise PublishedVersionFrozen()

    def delete(self):
        raise PublishedVersionFrozen()


class PublishedVersion(models.Model):
    """What readers see of an approved article, frozen at approval.

    Stored as plain data (title, rendered body, formatted references, reviewers) so that
    this app can serve it without asking the apps above it, and so that later edits to
    the working article, a reference or a reviewer's profile never change what was
    approved. Rows are never updated after creation; a newer approval adds a new row.
    """

    # Indexed by ``pubversion_newest`` (its first column), not by an index of its own.
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="published_versions", db_index=False
    )
    history_id = models.PositiveBigIntegerField(help_text="The article version approved.")
    text_version = models.PositiveIntegerField(
        "version", null=True, help_text="The per-article version number approved (v3)."
    )
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(help_text="The Markdown source as approved.")
    body_html = models.TextField(help_text="The body as readers see it.")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.CLINICIAN)
    alt_summary = models.TextField(blank=True)
    alt_body = models.TextField(blank=True)
    alt_body_html = models.TextField(blank=True)
    change_kind = models.CharField(max_length=20, choices=ChangeKind.choices, blank=True)
    change_note = models.CharField(max_length=300, blank=True)
    release_at = models.DateTimeField(
        null=True, blank=True, help_text="Embargoed until then (empty: live on approval)."
    )
    references = models.JSONField(default=list, blank=True)
    reviewers = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64)
    approval_reference = models.CharField(max_length=32, unique=True)
    content_updated_at = models.DateTimeField()
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # The public search's index of this version (PostgreSQL): written by a database trigger
    # when the row is inserted (rows never change), title weighted A, both audiences'
    # summaries B, both bodies C, and searched through a GIN index (migration 0010).
    # Empty on SQLite, whose search matches words instead.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublishedVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-pk"]
        get_latest_by = ["approved_at", "pk"]
        indexes = [
            # The newest live version of an article (every public page asks for it), and
            # whether it has one (``visibility.has_live_version``): covering on PostgreSQL,
            # so the lists ask the index alone (versions never change, so it stays visible).
            models.Index(
                fields=["article", "-approved_at", "-id"],
                include=["release_at"],
                name="pubversion_newest",
            ),
            # Articles with a version live at once.
            models.Index(
                fields=["article"],
                condition=models.Q(release_at__isnull=True),
                name="pubversion_live_now",
            ),
            # Embargoed versions (the dashboard's scheduled releases).
            models.Index(
                fields=["release_at"],
                condition=models.Q(release_at__isnull=False),
                name="pubversion_embargoed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.approval_reference}: {self.title}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedVersionFrozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PublishedVersionFrozen()

    def version_name(self) -> str:
        return version_name(self.text_version)

    @property
    def alt_audience(self) -> str:
        return other_audience(self.audience)

    def text_for(self, audience: str) -> tuple[str, str, str]:
        """(audience, summary, body_html) of the version for ``audience``, or the main one."""
        if audience != self.audience and self.alt_body_html.strip():
            return self.alt_audience, self.alt_summary, self.alt_body_html
        return self.audience, self.summary, self.body_html


class VersionRelease(models.Model):
    """An embargoed approved version going live: written once, by the scheduled job."""

    published_version = models.OneToOneField(
        PublishedVersion, on_delete=models.PROTECT, related_name="release"
    )
    due_at = models.DateTimeField()
    released_at = models.DateTimeField(default=timezone.now)
    late = models.BooleanField(
        default=False, help_text="Released after the grace period (the scheduler was down)."
    )

    class Meta:
        ordering = ["-released_at"]

    def __str__(self) -> str:
        stamp = timezone.localtime(self.released_at).strftime("%Y-%m-%d %H:%M")
        return f"{self.published_version.approval_reference} released {stamp}"
