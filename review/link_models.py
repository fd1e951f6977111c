"""The signed one-touch link in a review e-mail (``review.services.links``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReviewLink(models.Model):
    """One link to one assignment's review page, for its member, used once at most.

    Only a SHA-256 digest of the token is stored: the database never holds a usable link.
    """

    digest = models.CharField(max_length=64, unique=True)
    assignment = models.ForeignKey(
        "review.ReviewAssignment", on_delete=models.CASCADE, related_name="links"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_links"
    )
    kind = models.CharField(max_length=20, help_text="The e-mail that carried it.")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "review"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Review link for {self.user} ({self.kind})"
