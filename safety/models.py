"""Review policies: rules that, when they match an article, add to what it needs.

A policy matches an article when every condition it sets holds (a condition left empty
does not restrict): one of its claim kinds is detected in the current text, one of its
topics is the article's, the audience is the article's. A policy with no condition at all
applies to every article. When it matches it may add to the quorum (at least N approvals;
one approval from a member with one of the listed specialties) and may make uncited
claims refuse the submission instead of warning.

Nothing is deleted: a policy is switched off (``is_active``); every change is in its
history. The per-article override of what uncited claims do is ``ArticleClaimPolicy``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import Article, Audience, Topic


class UncitedClaims(models.TextChoices):
    WARN = "warn", "Warn (the article can be submitted)"
    REFUSE = "refuse", "Refuse the submission"


class ReviewPolicy(models.Model):
    name = models.CharField(
        max_length=120, unique=True, help_text="e.g. “Dosing needs a pharmacist”."
    )
    description = models.TextField(blank=True, help_text="Why the rule exists (shown to editors).")
    is_active = models.BooleanField("active", default=True)
    # Conditions (all that are set must hold).
    on_dosing = models.BooleanField("dosing claims", default=False)
    on_statistics = models.BooleanField("statistics", default=False)
    on_recommendations = models.BooleanField("recommendations", default=False)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="+", help_text="Matches an article with any of these."
    )
    audience = models.CharField(
        max_length=20, choices=Audience.choices, blank=True, help_text="Empty: any audience."
    )
    # What it adds.
    required_approvals = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="At least this many approvals of the current text (empty: no change).",
    )
    required_specialties = models.CharField(
        max_length=255,
        blank=True,
        help_text="One approval from a member with any of these specialties, comma-separated "
        "(e.g. “Clinical pharmacology, Pharmacist”), as written on board members.",
    )
    refuse_uncited_claims = models.BooleanField(
        default=False, help_text="Uncited claims refuse the submission instead of warning."
    )
    hide_while_pending = models.BooleanField(
        "keep off the site while pending",
        default=False,
        help_text="A matching article with uncited claims of the chosen kinds is not public "
        "while pending review (readers see it once approved).",
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "review policies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def specialty_list(self) -> list[str]:
        return [s.strip() for s in self.required_specialties.split(",") if s.strip()]

    @property
    def claim_kinds(self) -> list[str]:
        from .claims import ClaimKind

        flags = [
            (self.on_dosing, ClaimKind.DOSING),
            (self.on_statistics, ClaimKind.STATISTIC),
            (self.on_recommendations, ClaimKind.RECOMMENDATION),
        ]
        return [kind.value for on, kind in flags if on]

    def clean(self) -> None:
        if not (
            self.required_approvals
            or self.specialty_list
            or self.refuse_uncited_claims
            or self.hide_while_pending
        ):
            raise ValidationError(
                "A policy must add something: required approvals, a required specialty, "
                "refusing uncited claims, or keeping pending articles off the site."
            )


class ArticleClaimPolicy(models.Model):
    """What uncited claims do for one article, overriding the setting and the policies."""

    article = models.OneToOneField(Article, on_delete=models.PROTECT, related_name="claim_policy")
    uncited_claims = models.CharField(max_length=10, choices=UncitedClaims.choices)
    reason = models.CharField(max_length=255, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "uncited-claims override"
        verbose_name_plural = "uncited-claims overrides"

    def __str__(self) -> str:
        return f"{self.article}: {self.get_uncited_claims_display()}"
