"""API keys for the ingest API, the drafts they brought in, and the log of their calls.

A key is shown once, when it is created; only its SHA-256 is stored (the key holds 256
random bits, so a plain hash is as strong as a slow one and costs nothing per request;
GitHub and Stripe store their tokens the same way). A key acts as the staff account it
belongs to: the services check that account's role on every call, so a key can never do
more than its owner could in the admin. Keys are revoked, never deleted (the log names
them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article


class KeyScope(models.TextChoices):
    DRAFTS = "drafts", "Create and update drafts"


class ApiKey(models.Model):
    name = models.CharField(
        max_length=80, unique=True, help_text="Who uses it, e.g. “Partner drafting feed”."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text="The staff account the key acts as (its role decides what the key may do).",
    )
    scope = models.CharField(max_length=20, choices=KeyScope.choices, default=KeyScope.DRAFTS)
    prefix = models.CharField(max_length=16, editable=False, help_text="Shown to tell keys apart.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IngestedArticle(models.Model):
    """Which article an upstream ``external_id`` created: the ingest is idempotent by it."""

    external_id = models.CharField(max_length=100, unique=True)
    article = models.OneToOneField(Article, on_delete=models.PROTECT, related_name="ingested")
    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="articles")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "ingested article"

    def __str__(self) -> str:
        return self.external_id


class ApiCall(models.Model):
    """One call of the ingest API, answered or refused (refusals store nothing else)."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="calls")
    at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    external_id = models.CharField(max_length=100, blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["api_key", "at"])]
        verbose_name = "API call"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.api_key} {self.method} {self.path} {self.status}"
