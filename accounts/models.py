"""The access audit trail: who signed in, failed, was locked out, set up or lost a device."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone


class AccessEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in (password)"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGNED_OUT = "signed_out", "Signed out"
    LOCKED_OUT = "locked_out", "Locked out"
    UNLOCKED = "unlocked", "Lockout cleared"
    VERIFIED = "verified", "Second factor passed"
    VERIFY_FAILED = "verify_failed", "Second factor failed"
    BACKUP_CODE_USED = "backup_code_used", "Backup code used"
    ENROLLED = "enrolled", "Two-step verification set up"
    DEVICES_RESET = "devices_reset", "Two-step verification reset"
    ROLE_CHANGED = "role_changed", "Roles changed"
    PASSWORD_CHANGED = "password_changed", "Password changed"


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The access audit trail is never edited.")

    def delete(self):
        raise TypeError("The access audit trail is never deleted.")


class AccessEvent(models.Model):
    """One line of the access audit trail. Written once; never changed or deleted."""

    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32, choices=AccessEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_events",
        help_text="The account concerned (empty when the username typed matches none).",
    )
    username = models.CharField(max_length=150, blank=True, help_text="As typed or stored.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who did it, when not the account's owner (an admin resetting a device).",
    )
    client_address = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The access audit trail is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access audit trail is never deleted.")


class StaffAccount(User):
    """A staff account as the admin's "Staff accounts" page lists it (a proxy of the user)."""

    class Meta:
        proxy = True
        verbose_name = "staff account"
        permissions = [("reset_devices", "Can reset a member's two-step verification")]
