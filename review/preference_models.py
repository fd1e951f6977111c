"""Each person's choice of which e-mails they receive, and when (``review.preferences``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Delivery(models.TextChoices):
    NOW = "now", "At once"
    DAILY = "daily", "In a daily digest"
    OFF = "off", "Not at all"


class NotificationPreference(models.Model):
    """One person's choice for one kind of e-mail; no row: at once (the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(max_length=20)  # a key of review.preferences.KINDS
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.NOW)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_how = models.CharField(
        max_length=20, blank=True, help_text="“preferences page” or “unsubscribe link”."
    )

    class Meta:
        app_label = "review"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="review_one_pref_per_kind")
        ]
        ordering = ["user_id", "kind"]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.get_delivery_display().lower()}"
