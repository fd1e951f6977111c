"""The reference library and each article's citation list.

A `Reference` is stored once and shared by every article that cites it; DOI and PMID are
kept in their normal form (`references.identifiers`) and are unique when present. Its
fields mirror `references.data.ReferenceData` one to one (`to_data` / `apply_data`), so
importers, lookups, the formatter and the exporters never see the model.

A `Citation` links an article to a reference. ``number`` is the reference's number in the
article (order of first appearance of its ``[@key]`` in the body); NULL means "attached but
not cited yet". The list is derived from the body by ``references.services.citations_sync``:
the body is the whole truth, which is why a cited reference's ``key`` cannot change.

Writes go through ``references.services``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import Article

from .data import DATE_FIELDS, Kind, ReferenceData
from .markers import KEY_PATTERN


class ReferenceKind(models.TextChoices):
    GUIDELINE = Kind.GUIDELINE.value, "Guideline"
    RESEARCH = Kind.RESEARCH.value, "Research"
    REVIEW = Kind.REVIEW.value, "Review"
    DRUG_LABEL = Kind.DRUG_LABEL.value, "Drug label"
    BOOK = Kind.BOOK.value, "Book"
    WEB = Kind.WEB.value, "Web page"


key_validator = RegexValidator(
    rf"^{KEY_PATTERN}$",
    "A citation key starts with a letter or digit and holds letters, digits, _ and "
    "inner punctuation such as - or : (e.g. liu2011 or idsa-2014).",
)

# Fields copied to and from ReferenceData (all of them: see the module docstring).
DATA_FIELDS = (
    "kind",
    "title",
    "authors",
    "container_title",
    "container_title_short",
    "publisher",
    "publisher_place",
    "issuing_body",
    "year",
    "volume",
    "issue",
    "pages",
    "published",
    "doi",
    "pmid",
    "url",
    "accessed",
    "manufacturer",
    "label_set_id",
    "revised",
    "edition",
)


# Never checked (as if checked at the dawn of time) first, then least recently checked.
NEVER = datetime(1, 1, 1, tzinfo=UTC)
CHECK_ORDER = (Coalesce(models.F("last_checked_at"), models.Value(NEVER)), models.F("id"))


class Reference(models.Model):
    kind = models.CharField(
        max_length=20, choices=ReferenceKind.choices, default=ReferenceKind.RESEARCH, db_index=True
    )
    key = models.CharField(
        "citation key",
        max_length=80,
        unique=True,
        validators=[key_validator],
        help_text="What editors write in the body, e.g. [@liu2011]. Made from the first "
        "author and the year when left empty. Cannot change once an article cites it.",
    )
    title = models.TextField()
    authors = models.JSONField(
        default=list,
        blank=True,
        help_text='In order: {"family", "given"} for people, {"literal"} for organisations.',
    )
    # "Stevens DL; Bisno AL; …", kept in step with ``authors`` for search.
    authors_text = models.TextField(blank=True, editable=False)
    container_title = models.CharField(
        "journal / container", max_length=500, blank=True, help_text="Journal or book title."
    )
    container_title_short = models.CharField(
        "journal abbreviation", max_length=255, blank=True, help_text="e.g. Clin Infect Dis"
    )
    publisher = models.CharField(max_length=500, blank=True)
    publisher_place = models.CharField(max_length=255, blank=True)
    issuing_body = models.CharField(
        max_length=500, blank=True, help_text="Guidelines: the society or agency that issued it."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    published = models.DateField("publication date", null=True, blank=True)
    doi = models.CharField(
        "DOI", max_length=255, blank=True, help_text="Stored in normal form: 10.1093/cid/ciu296"
    )
    pmid = models.CharField("PMID", max_length=20, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    accessed = models.DateField("accessed on", null=True, blank=True)
    manufacturer = models.CharField(max_length=255, blank=True, help_text="Drug labels.")
    label_set_id = models.CharField(
        "label set id", max_length=64, blank=True, help_text="Drug labels: the DailyMed set id."
    )
    # One date, two names: a drug label's revision date, a guideline's "last updated".
    revised = models.DateField(
        "revised / last updated",
        null=True,
        blank=True,
        help_text="Drug labels: the revision date. Guidelines: the issuing body's "
        "“last updated” date.",
    )
    edition = models.CharField(max_length=50, blank=True)

    # Status, filled by the staleness jobs.
    retracted = models.BooleanField(default=False, db_index=True)
    retraction_notice = models.TextField(
        blank=True, help_text="The retraction notice (citation, DOI or URL)."
    )
    retracted_on = models.DateField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        help_text="The newer reference (e.g. a guideline's update) that replaces this one.",
    )
    last_checked_at = models.DateTimeField(null=True, blank=True)
    # More status (freshness.checking fills them; the scan turns them into flags).
    retraction_notice_doi = models.CharField("notice DOI", max_length=255, blank=True)
    concern = models.BooleanField("expression of concern", default=False)
    concern_on = models.DateField(null=True, blank=True)
    corrected = models.BooleanField("correction / erratum", default=False)
    corrected_on = models.DateField(null=True, blank=True)
    superseded_on = models.DateField(null=True, blank=True)
    superseded_notice = models.CharField(
        max_length=255, blank=True, help_text="e.g. PubMed 'UpdateIn' PMID when no library entry."
    )
    status_source = models.CharField(
        max_length=100, blank=True, help_text="Who reported the status: crossref, pubmed, editor…"
    )
    label_cited_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="Drug labels: the DailyMed SPL version the article cites."
    )
    label_latest_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    label_latest_published = models.DateField(null=True, blank=True, editable=False)

    # AMA output, kept in step by the services (formatting costs ~3 ms a reference).
    formatted_html = models.TextField(blank=True, editable=False)
    formatted_text = models.TextField(blank=True, editable=False)
    # Matches entries without DOI/PMID on re-import: kind, title, year, first author.
    fingerprint = models.CharField(max_length=40, blank=True, editable=False, db_index=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["formatted_html", "formatted_text"])

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="references_unique_doi",
                violation_error_message="Another reference already has this DOI.",
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~Q(pmid=""),
                name="references_unique_pmid",
                violation_error_message="Another reference already has this PMID.",
            ),
        ]
        # The stale scan's rules start from the few references in each state (covering
        # on PostgreSQL where the rule prints the key or compares dates).
        indexes = [
            models.Index(fields=["id"], condition=Q(concern=True), name="reference_concern"),
            models.Index(fields=["id"], condition=Q(corrected=True), name="reference_corrected"),
            models.Index(
                fields=["id"],
                condition=Q(superseded_by__isnull=False) | ~Q(superseded_notice=""),
                name="reference_superseded",
            ),
            models.Index(
                fields=["id"],
                condition=~Q(label_set_id="")
                & Q(label_latest_version__gt=models.F("label_cited_version")),
                name="reference_label_newer",
            ),
            models.Index(
                fields=["id"],
                include=["revised", "published", "year", "key"],
                condition=Q(kind=ReferenceKind.GUIDELINE),
                name="reference_guideline",
            ),
            # The status check's order: never checked first, then least recently checked
            # (``CHECK_ORDER``; an expression, as SQLite has no NULLS FIRST in indexes).
            models.Index(*CHECK_ORDER, name="reference_check_order"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.short_title}"

    def get_absolute_url(self) -> str:
        return reverse("admin:references_reference_change", args=[self.pk])

    @property
    def short_title(self) -> str:
        return self.title if len(self.title) <= 80 else f"{self.title[:77].rstrip()}…"

    def to_data(self) -> ReferenceData:
        values = {name: getattr(self, name) for name in DATA_FIELDS}
        values["kind"] = Kind(self.kind)
        values["authors"] = [dict(a) for a in self.authors or []]
        values["year"] = self.year
        for name in DATA_FIELDS:
            if values[name] is None and name not in DATE_FIELDS and name != "year":
                values[name] = ""
        return ReferenceData(**values)

    def apply_data(self, data: ReferenceData) -> None:
        for name in DATA_FIELDS:
            value = getattr(data, name)
            setattr(self, name, str(value) if name == "kind" else value)
        self.refresh_derived()

    def refresh_derived(self) -> None:
        """Recompute ``authors_text`` and ``fingerprint`` from the fields they summarise."""
        self.authors_text = "; ".join(author_label(a) for a in self.authors or [])
        self.fingerprint = fingerprint(self.to_data())


def author_label(author: dict) -> str:
    """ "Stevens DL" for a person, the name as is for an organisation."""
    if author.get("literal"):
        return author["literal"]
    initials = "".join(part[0] for part in re.split(r"[\s.\-]+", author.get("given", "")) if part)
    return f"{author.get('family', '')} {initials}".strip()


def folded(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_text.lower())


def fingerprint(data: ReferenceData) -> str:
    """Identity of a reference without DOI/PMID: kind, folded title, year, first author."""
    first = data.authors[0] if data.authors else {}
    author = first.get("family") or first.get("literal") or ""
    parts = [str(data.kind), folded(data.title), str(data.year or ""), folded(author)]
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()


class Citation(models.Model):
    """An article's use of a reference; ``number`` NULL means attached but not cited."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="citations")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="citations")
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Order of first appearance in the body; empty: uncited."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = [models.F("number").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reference"], name="references_citation_once_per_article"
            ),
        ]
        indexes = [
            # Who cites a reference (the stale scan, from the few references in a state):
            # read from the index alone, never the million citation rows.
            models.Index(
                fields=["reference", "article"],
                condition=Q(number__isnull=False),
                name="citation_cited_by_reference",
            ),
        ]

    def __str__(self) -> str:
        where = f"[{self.number}]" if self.number else "(attached, not cited)"
        return f"{self.article_id} {where} {self.reference_id}"

    @property
    def cited(self) -> bool:
        return self.number is not None


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed: nothing was imported"


class ReferenceImport(models.Model):
    """A large reference file imported in the background (``references.tasks``).

    All or nothing: the entries are written in one transaction, so a worker killed half way
    leaves no partial import (the job stays "importing" and can be run again). Progress
    while it runs is kept in the cache (the transaction is not visible until it commits).
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    filename = models.CharField(max_length=255, blank=True)
    content = models.TextField(help_text="The file's text, decoded and cleaned.")
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=ImportState.choices, default="queued")
    total = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.filename or 'a file'} ({self.get_state_display().lower()})"

    @property
    def progress_key(self) -> str:
        return f"references:import:{self.pk}:progress"
