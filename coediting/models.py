"""Who has an article open right now: one row per person and article, refreshed by a heartbeat.

Not a lock: nothing is ever refused because of a row here, and a row whose heartbeat
stopped (a closed tab, a lost connection) simply stops counting after
``PRESENCE_EXPIRES_SECONDS``. The stale-save refusal (``expected_lock_version``) stays the
last word on a save.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EditingPresence(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Since when this person has had it open without a break longer than the expiry.
    opened_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="presence_one_per_user")
        ]
        indexes = [models.Index(fields=["article", "seen_at"], name="presence_article_seen")]

    def __str__(self) -> str:
        return f"{self.user} on article {self.article_id} since {self.opened_at:%H:%M}"


class DraftSlot(models.Model):
    """One person's unsaved title, summary and body of one article, autosaved from the
    admin change page. Not a version, not substance, not history: the article does not
    move; the slot is offered back when its owner reopens the article and discarded when
    they save."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # The article's lock version the unsaved text was written against.
    based_on_lock_version = models.PositiveIntegerField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="draft_slot_one_per_user")
        ]

    def __str__(self) -> str:
        return f"unsaved changes of {self.user} to article {self.article_id}"
