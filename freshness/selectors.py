"""Reads of the freshness app: the stale candidates (one queryset per reason, for the whole
table at once) and the editors' attention queue.

Every candidate queryset yields the same columns, named ``f_*`` so they never collide with
model fields: ``f_article``, ``f_subject`` (0, a reference id or an assignment id),
``f_reference``, ``f_assignment``, ``f_cause`` (the fact's signature), ``f_detail`` (words
for humans) and ``f_respond_by``. ``freshness.scan`` wraps them in INSERT … SELECT and
UPDATE … NOT IN statements; nothing here loops over articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    BigIntegerField,
    CharField,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat

from articles.models import Article, ArticleStatus
from articles.visibility import not_archived
from references.models import Citation, Reference, ReferenceKind
from review.models import ReviewAssignment

from .models import Reason, RetractionOverride, StaleFlag
from .policy import POLICIES

COLUMNS = (
    "f_article",
    "f_subject",
    "f_reference",
    "f_assignment",
    "f_cause",
    "f_detail",
    "f_respond_by",
)


def due_soon_days() -> int:
    return getattr(settings, "STALE_REVIEW_DUE_SOON_DAYS", 30)


def guideline_max_age_years() -> int:
    return getattr(settings, "STALE_GUIDELINE_MAX_AGE_YEARS", 5)


def _text(expression) -> Cast:
    return Cast(expression, output_field=CharField())


def _respond_by(reason: str, today: date) -> Value:
    return Value(today + timedelta(days=POLICIES[reason].respond_days), output_field=DateField())


def _columns(qs: QuerySet, **values) -> QuerySet:
    return qs.order_by().annotate(**values).values(*COLUMNS)


def _articles() -> QuerySet:
    return Article.objects.exclude(status=ArticleStatus.ARCHIVED)


def _citations() -> QuerySet:
    """Cited (numbered) references of articles that are not archived."""
    return Citation.objects.filter(number__isnull=False).filter(not_archived())


def _reviewed_before(date_field: str) -> Q:
    """The article was not approved since ``date_field`` (or we cannot tell: flag it)."""
    return (
        Q(article__last_reviewed_at__isnull=True)
        | Q(**{f"reference__{date_field}__isnull": True})
        | Q(article__last_reviewed_at__date__lt=F(f"reference__{date_field}"))
    )


def _citation_columns(qs: QuerySet, reason: str, today: date, cause, words: str) -> QuerySet:
    return _columns(
        qs,
        f_article=F("article_id"),
        f_subject=Cast(F("reference_id"), output_field=BigIntegerField()),
        f_reference=F("reference_id"),
        f_assignment=Cast(Value(None), output_field=BigIntegerField()),
        f_cause=Coalesce(_text(cause), Value("")),
        f_detail=Concat(
            Value(f"{words} [@"), F("reference__key"), Value("]"), output_field=CharField()
        ),
        f_respond_by=_respond_by(reason, today),
    )


def candidates(reason: str, *, today: date) -> QuerySet:
    """The (article, subject) pairs that should have an open flag for ``reason`` today."""
    none = Cast(Value(None), output_field=BigIntegerField())  # typed NULL for PostgreSQL
    if reason == Reason.REVIEW_DUE_SOON:
        qs = _articles().filter(
            next_review_due__gte=today, next_review_due__lte=today + timedelta(due_soon_days())
        )
        return _columns(
            qs,
            f_article=F("pk"),
            f_subject=Value(0, output_field=BigIntegerField()),
            f_reference=none,
            f_assignment=none,
            f_cause=_text(F("next_review_due")),
            f_detail=Concat(
                Value("Next board review due "),
                _text(F("next_review_due")),
                output_field=CharField(),
            ),
            f_respond_by=F("next_review_due"),
        )
    if reason == Reason.REVIEW_OVERDUE:
        qs = _articles().filter(next_review_due__lt=today)
        return _columns(
            qs,
            f_article=F("pk"),
            f_subject=Value(0, output_field=BigIntegerField()),
            f_reference=none,
            f_assignment=none,
            f_cause=_text(F("next_review_due")),
            f_detail=Concat(
                Value("Board review was due "),
                _text(F("next_review_due")),
                Value("; the article stays published"),
                output_field=CharField(),
            ),
            f_respond_by=_respond_by(reason, today),
        )
    if reason == Reason.REVIEW_ASSIGNMENT_OVERDUE:
        qs = ReviewAssignment.objects.overdue(today=today).filter(not_archived())
        return _columns(
            qs,
            f_article=F("article_id"),
            f_subject=Cast(F("pk"), output_field=BigIntegerField()),
            f_reference=none,
            f_assignment=F("pk"),
            f_cause=_text(F("due_date")),
            f_detail=Concat(
                Value("Review by "),
                F("reviewer__display_name"),
                Value(" was due "),
                _text(F("due_date")),
                output_field=CharField(),
            ),
            f_respond_by=_respond_by(reason, today),
        )
    if reason == Reason.REFERENCE_RETRACTED:
        overridden = RetractionOverride.objects.filter(
            article_id=OuterRef("article_id"),
            reference_id=OuterRef("reference_id"),
            withdrawn_at__isnull=True,
        )
        qs = _citations().filter(reference__retracted=True).exclude(Exists(overridden))
        return _citation_columns(qs, reason, today, F("reference__retracted_on"), "Retracted:")
    if reason == Reason.REFERENCE_CONCERN:
        qs = _citations().filter(Q(reference__concern=True) & _reviewed_before("concern_on"))
        return _citation_columns(
            qs, reason, today, F("reference__concern_on"), "Expression of concern:"
        )
    if reason == Reason.REFERENCE_CORRECTED:
        qs = _citations().filter(
            reference__corrected=True,
            reference__corrected_on__isnull=False,
            article__last_reviewed_at__isnull=False,
            article__last_reviewed_at__date__lt=F("reference__corrected_on"),
        )
        return _citation_columns(
            qs, reason, today, F("reference__corrected_on"), "Corrected after approval:"
        )
    if reason == Reason.REFERENCE_SUPERSEDED:
        qs = _citations().filter(
            (Q(reference__superseded_by__isnull=False) | ~Q(reference__superseded_notice=""))
            & _reviewed_before("superseded_on")
        )
        return _citation_columns(qs, reason, today, F("reference__superseded_on"), "Superseded:")
    if reason == Reason.DRUG_LABEL_CHANGED:
        qs = _citations().filter(
            ~Q(reference__label_set_id=""),
            reference__label_cited_version__isnull=False,
            reference__label_latest_version__gt=F("reference__label_cited_version"),
        )
        return _citation_columns(
            qs,
            reason,
            today,
            Cast(F("reference__label_latest_version"), output_field=IntegerField()),
            "Newer label version:",
        )
    if reason == Reason.REFERENCE_OUTDATED:
        cutoff = today - relativedelta(years=guideline_max_age_years())
        dated = Coalesce(F("reference__revised"), F("reference__published"))
        qs = (
            _citations()
            .filter(reference__kind=ReferenceKind.GUIDELINE)
            .alias(dated=dated)
            .filter(Q(dated__lt=cutoff) | Q(dated__isnull=True, reference__year__lt=cutoff.year))
        )
        return _citation_columns(
            qs, reason, today, Value(""), f"Guideline older than {guideline_max_age_years()} years:"
        )
    raise ValueError(f"Unknown reason {reason!r}")


# --- the attention queue ---------------------------------------------------------------


@dataclass
class ArticleAttention:
    article: Article
    flags: list[StaleFlag] = field(default_factory=list)

    @property
    def severity(self) -> int:
        return max(flag.severity for flag in self.flags)

    @property
    def respond_by(self):
        dates = [flag.respond_by for flag in self.flags if flag.respond_by]
        return min(dates) if dates else None


def open_flags() -> QuerySet:
    return StaleFlag.objects.open().select_related("article", "reference", "assignment__reviewer")


ATTENTION_LIMIT = 200


def attention_queue(*, limit: int | None = None) -> list[ArticleAttention]:
    """The ``limit`` most urgent open flags grouped by article: most severe article first,
    then earliest respond-by (read in that order from the open flags' index)."""
    groups: dict[int, ArticleAttention] = {}
    # Only what the queue prints of each article, reference and reviewer: whole rows
    # (bodies, formatted references) cost more to load than the page to render.
    shown = open_flags().only(
        *(f.name for f in StaleFlag._meta.concrete_fields),
        "article__title",
        "article__slug",
        "article__status",
        "article__next_review_due",
        "reference__key",
        "assignment__reviewer__display_name",
    )
    for flag in shown.order_by("-severity", "respond_by", "pk")[: limit or ATTENTION_LIMIT]:
        groups.setdefault(flag.article_id, ArticleAttention(flag.article)).flags.append(flag)
    return sorted(
        groups.values(),
        key=lambda g: (-g.severity, g.respond_by or date.max, g.article.title),
    )


def article_open_flags(article: Article) -> list[StaleFlag]:
    return list(open_flags().filter(article=article))


@dataclass
class CitedStatus:
    number: int
    reference: Reference
    override: RetractionOverride | None
    words: list[str]


def cited_statuses(article: Article) -> list[CitedStatus]:
    """Each cited reference with its status in words (for reviewers). One query, two when
    a cited reference is retracted (the overrides)."""
    citations = list(
        Citation.objects.filter(article=article, number__isnull=False)
        .select_related("reference__superseded_by")
        .order_by("number")
    )
    overrides = (
        {
            o.reference_id: o
            for o in RetractionOverride.objects.filter(
                article=article, withdrawn_at__isnull=True
            ).select_related("recorded_by")
        }
        if any(c.reference.retracted for c in citations)
        else {}
    )
    out = []
    for citation in citations:
        ref = citation.reference
        words = []
        if ref.retracted:
            words.append(f"Retracted{f' on {ref.retracted_on}' if ref.retracted_on else ''}")
        if ref.concern:
            words.append("Expression of concern")
        if ref.corrected:
            words.append(f"Corrected{f' on {ref.corrected_on}' if ref.corrected_on else ''}")
        if ref.superseded_by_id:
            words.append(f"Superseded by [@{ref.superseded_by.key}]")
        elif ref.superseded_notice:
            words.append(f"Superseded ({ref.superseded_notice})")
        if (
            ref.label_latest_version
            and ref.label_cited_version
            and ref.label_latest_version > ref.label_cited_version
        ):
            words.append(
                f"Label version {ref.label_latest_version} published "
                f"(cited: {ref.label_cited_version})"
            )
        out.append(CitedStatus(citation.number, ref, overrides.get(ref.pk), words))
    return out
