"""The article's states, audiences, kinds of change and expiry actions; what counts as
substance; and the small rules the transitions use (permissions, conditions, dates)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from .article import Article


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    ARCHIVED = "archived", "Archived"


class Audience(models.TextChoices):
    CLINICIAN = "clinician", "Clinicians"
    PATIENT = "patient", "Patients"


def other_audience(audience: str) -> str:
    return Audience.PATIENT if audience == Audience.CLINICIAN else Audience.CLINICIAN


class ChangeKind(models.TextChoices):
    """What a new approved version is to readers (the public "Article history")."""

    UPDATE = "update", "Update (new evidence)"
    CORRECTION = "correction", "Correction (an error fixed)"
    MINOR = "minor", "Minor (wording, no change of advice)"


class ExpiryAction(models.TextChoices):
    BANNER = "banner", "Keep it public with an “under review” banner"
    ARCHIVE = "archive", "Archive it (readers get a “withdrawn” page)"


# Fields whose change is a change of substance: they move "Last updated", invalidate
# approvals and make a new version worth reviewing. The summary is the short answer
# readers see under the title, so it counts as substance too (a decision: changing the
# answer a patient reads is never "just metadata"). Status, audience, review interval and
# related questions are metadata. Cited references follow the body's citation markers.
# The version for the other audience (``alt_summary``, ``alt_body``: plain language for
# patients beside a clinician text, or the reverse) is substance too: an approval covers
# every audience version, and a change to either asks the board again.
SUBSTANCE_FIELDS = ("title", "summary", "body", "alt_summary", "alt_body")


def default_review_interval() -> int:
    return settings.ARTICLE_REVIEW_INTERVAL_MONTHS


def _can(permission: str):
    """Transition permission: the actor holds ``articles.<permission>``."""

    def check(instance: Article, user) -> bool:
        return bool(user and user.is_active and user.has_perm(f"articles.{permission}"))

    check.__name__ = f"can_{permission}"
    return check


def _can_judge(permission: str):
    """Board decisions: the permission, and never on an article one wrote oneself."""
    holds = _can(permission)

    def check(instance: Article, user) -> bool:
        return holds(instance, user) and instance.author_id != user.pk

    check.__name__ = f"can_{permission}_not_own"
    return check


def next_review_date(article: Article, reviewed_at) -> date:
    """The day the next board review is due: the review's date plus the article's interval."""
    return timezone.localdate(reviewed_at) + relativedelta(months=article.review_interval_months)


def has_title_and_body(instance: Article) -> bool:
    return bool(instance.title.strip() and instance.body.strip())


def version_name(number: int | None) -> str:
    """The one way a per-article version number is written: ``v3`` (``""`` when unknown).

    Database and history ids never reach people; the approval reference (``MAB-2026-0003``)
    is the name of an approved version, shown beside its number.
    """
    return f"v{number}" if number else ""
