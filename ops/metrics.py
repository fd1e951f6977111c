"""Metrics for Prometheus (prometheus-client).

- ``medreview_http_requests_total`` / ``medreview_http_request_duration_seconds``: by view
  (the URL pattern's name, never the raw path, so the number of series stays bounded),
  method and status.
- ``medreview_celery_tasks_total`` / ``medreview_celery_task_duration_seconds``: by task
  and outcome (success, failure, retry), recorded in the process that ran the task;
  ``medreview_celery_tasks_sent_total`` by task, in the process that enqueued it.
- Domain gauges (``DomainCollector``), computed at scrape time by a handful of aggregate
  queries and kept in the shared cache for ``METRICS_DOMAIN_CACHE_SECONDS``, so a scrape
  of every process costs the database one computation per interval.

Several processes on one host (gunicorn's workers, a Celery worker's pool) share their
figures through ``PROMETHEUS_MULTIPROC_DIR`` (prometheus-client's multiprocess mode): set
it to an empty directory per host before the processes start. Without it each process
reports only its own figures.
"""

from __future__ import annotations

import os
import statistics
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DateTimeField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import REGISTRY, GaugeMetricFamily

REQUESTS = Counter(
    "medreview_http_requests_total", "HTTP requests answered.", ["view", "method", "status"]
)
REQUEST_SECONDS = Histogram(
    "medreview_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
TASKS = Counter("medreview_celery_tasks_total", "Celery tasks run.", ["task", "outcome"])
TASK_SECONDS = Histogram(
    "medreview_celery_task_duration_seconds",
    "Time a Celery task ran.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900),
)
TASKS_SENT = Counter("medreview_celery_tasks_sent_total", "Celery tasks enqueued.", ["task"])

DOMAIN_CACHE_KEY = "ops:domain-metrics"
# Median submit → approval is taken over the approvals of this many last days.
APPROVAL_WINDOW_DAYS = 90


def submit_to_approval_seconds(*, since) -> list[float]:
    """For each approval since ``since``: seconds from the first submission of that review
    round (the first submit after the article's previous approval) to the approval."""
    from articles.models import ArticleStatus, StateChange

    approvals = StateChange.objects.filter(target=ArticleStatus.APPROVED, at__gte=since)
    previous_approval = (
        StateChange.objects.filter(
            article=OuterRef("article"), target=ArticleStatus.APPROVED, at__lt=OuterRef("at")
        )
        .order_by("-at")
        .values("at")[:1]
    )
    epoch = Value(timezone.now() - timedelta(days=365 * 100), output_field=DateTimeField())
    first_submit = (
        StateChange.objects.filter(
            article=OuterRef("article"),
            transition="submit",
            at__lte=OuterRef("at"),
            at__gt=Coalesce(OuterRef("previous"), epoch),
        )
        .order_by("at")
        .values("at")[:1]
    )
    rows = (
        approvals.annotate(previous=Subquery(previous_approval))
        .annotate(submitted=Subquery(first_submit))
        .values_list("at", "submitted")
    )
    return [(at - submitted).total_seconds() for at, submitted in rows if submitted]


def domain_figures() -> dict:
    """What an editor-in-chief watches, from aggregate queries (five, whatever the size)."""
    from articles.models import Article
    from freshness.models import StaleFlag
    from review.models import ReviewAssignment

    today = timezone.localdate()
    by_state = dict(Article.objects.order_by().values_list("status").annotate(n=Count("pk")))
    assignments = ReviewAssignment.objects.pending().aggregate(
        pending=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))
    )
    flags = [
        (reason, severity, n)
        for reason, severity, n in StaleFlag.objects.open()
        .order_by()
        .values_list("reason", "severity")
        .annotate(n=Count("pk"))
    ]
    durations = submit_to_approval_seconds(
        since=timezone.now() - timedelta(days=APPROVAL_WINDOW_DAYS)
    )
    return {
        "articles": by_state,
        "assignments": assignments,
        "flags": flags,
        "approval_median": statistics.median(durations) if durations else None,
        "approvals": len(durations),
    }


def cached_domain_figures() -> dict:
    figures = cache.get(DOMAIN_CACHE_KEY)
    if figures is None:
        figures = domain_figures()
        cache.set(DOMAIN_CACHE_KEY, figures, settings.METRICS_DOMAIN_CACHE_SECONDS)
    return figures


class DomainCollector:
    """The editorial gauges, read at scrape time (briefly cached)."""

    def collect(self):
        from articles.models import ArticleStatus
        from freshness.models import Severity

        figures = cached_domain_figures()
        articles = GaugeMetricFamily(
            "medreview_articles", "Articles by workflow state.", labels=["state"]
        )
        for state in ArticleStatus.values:
            articles.add_metric([state], figures["articles"].get(state, 0))
        yield articles
        yield GaugeMetricFamily(
            "medreview_review_assignments_pending",
            "Board review assignments waiting for a decision (the review backlog).",
            value=figures["assignments"]["pending"],
        )
        yield GaugeMetricFamily(
            "medreview_review_assignments_overdue",
            "Pending board review assignments past their due date.",
            value=figures["assignments"]["overdue"],
        )
        flags = GaugeMetricFamily(
            "medreview_stale_flags_open",
            "Open stale-content flags by reason and severity.",
            labels=["reason", "severity"],
        )
        for reason, severity, n in figures["flags"]:
            flags.add_metric([reason, Severity(severity).name.lower()], n)
        yield flags
        median = GaugeMetricFamily(
            "medreview_submit_to_approval_median_seconds",
            f"Median time from submission to approval, approvals of the last "
            f"{APPROVAL_WINDOW_DAYS} days (NaN: none).",
        )
        value = figures["approval_median"]
        median.add_metric([], float("nan") if value is None else value)
        yield median
        yield GaugeMetricFamily(
            "medreview_approvals_recent",
            f"Approvals in the last {APPROVAL_WINDOW_DAYS} days.",
            value=figures["approvals"],
        )


def process_registry() -> CollectorRegistry:
    """This process's counters, or every process's on this host in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def exposition(*, domain: bool) -> bytes:
    """The text exposition format: process (or host) figures, plus the domain gauges."""
    text = generate_latest(process_registry())
    if domain:
        registry = CollectorRegistry(auto_describe=False)
        registry.register(DomainCollector())
        text += generate_latest(registry)
    return text
