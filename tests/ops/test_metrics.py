"""/metrics: who may read it, what it exposes, and the editorial gauges' figures."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import timezone
from prometheus_client.core import REGISTRY

from articles import services as article_services
from articles.models import Article, StateChange
from freshness.models import Reason, Severity, StaleFlag
from ops import metrics
from ops.views import REFUSED
from review import services as review_services
from tests.articles.factories import ArticleFactory, UserFactory
from tests.readers.helpers import approved_article, member_for

pytestmark = pytest.mark.django_db
OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}


def test_the_scraper_network_reads_the_metrics(client):
    response = client.get("/metrics")  # the test client comes from 127.0.0.1
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    for name in (
        "medreview_http_requests_total",
        'medreview_articles{state="draft"}',
        "medreview_review_assignments_pending",
        "medreview_review_assignments_overdue",
        "medreview_stale_flags_open",
        "medreview_submit_to_approval_median_seconds",
    ):
        assert name in text, name
    assert "no-store" in response["Cache-Control"]


def test_the_scraper_network_needs_no_known_host_name(client):
    assert client.get("/metrics", HTTP_HOST="10.0.0.4:8000").status_code == 200


def test_strangers_are_refused_with_a_clear_message(client):
    response = client.get("/metrics", **OUTSIDE)
    assert response.status_code == 403
    assert response.content.decode() == REFUSED


def test_staff_without_the_permission_are_refused(client, editor):
    client.force_login(editor)
    response = client.get("/metrics", **OUTSIDE)
    assert response.status_code == 403
    assert response.content.decode() == REFUSED


def test_admins_read_the_metrics_from_anywhere(client, admin_user):
    assert admin_user.has_perm("ops.view_metrics")
    client.force_login(admin_user)
    assert client.get("/metrics", **OUTSIDE).status_code == 200


def test_a_staff_member_given_the_permission_reads_them(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="view_metrics"))
    client.force_login(editor)
    assert client.get("/metrics", **OUTSIDE).status_code == 200


def test_the_allowed_networks_are_a_setting(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["203.0.113.0/24"]
    assert client.get("/metrics", **OUTSIDE).status_code == 200
    assert client.get("/metrics").status_code == 403  # loopback no longer listed


def test_metrics_can_be_switched_off(client, settings):
    settings.METRICS_ENABLED = False
    response = client.get("/metrics")
    assert response.status_code == 404
    assert response.content.decode() == "Metrics are switched off (METRICS_ENABLED)."


def sample(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0


def test_requests_are_counted_by_view_not_by_path(client, editor, board_member):
    article = approved_article(editor, board_member)
    before = sample(
        "medreview_http_requests_total", view="readers:article", method="GET", status="200"
    )
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    after = sample(
        "medreview_http_requests_total", view="readers:article", method="GET", status="200"
    )
    assert after - before == 2
    assert sample(
        "medreview_http_request_duration_seconds_count", view="readers:article", method="GET"
    )


def test_an_unknown_address_is_counted_under_one_label(client):
    labels = {"view": "<unmatched>", "method": "GET", "status": "404"}
    before = sample("medreview_http_requests_total", **labels)
    client.get("/no/such/page/1/")
    client.get("/no/such/page/2/")
    assert sample("medreview_http_requests_total", **labels) - before == 2


def test_tasks_are_counted_by_outcome(db):
    from freshness.tasks import scan_stale_content_task

    task = "freshness.tasks.scan_stale_content_task"
    before = sample("medreview_celery_tasks_total", task=task, outcome="success")
    scan_stale_content_task.delay()
    assert sample("medreview_celery_tasks_total", task=task, outcome="success") - before == 1
    assert sample("medreview_celery_task_duration_seconds_count", task=task) >= 1


def test_the_editorial_figures(editor, board_member, board_member2):
    admin = UserFactory(is_superuser=True)
    ArticleFactory.create_batch(2, author=editor)
    approved_article(editor, board_member, title="Approved one")
    submitted = ArticleFactory(author=editor)
    article_services.article_submit(article=submitted, actor=editor)
    member = member_for(board_member2, display_name="Sam Smith")
    review_services.review_assign(article=submitted, reviewer=member, actor=admin)
    late = ArticleFactory(author=editor)
    article_services.article_submit(article=late, actor=editor)
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        review_services.review_assign(article=late, reviewer=member, actor=admin)
    StaleFlag.objects.create(
        article=submitted, reason=Reason.REFERENCE_RETRACTED, severity=Severity.CRITICAL
    )
    StaleFlag.objects.create(
        article=late, reason=Reason.REFERENCE_RETRACTED, severity=Severity.CRITICAL
    )
    StaleFlag.objects.create(
        article=late,
        reason=Reason.REVIEW_OVERDUE,
        severity=Severity.MEDIUM,
        resolved_at=timezone.now(),
    )

    figures = metrics.domain_figures()

    assert figures["articles"] == {"draft": 2, "approved": 1, "under_review": 2}
    assert figures["assignments"] == {"pending": 2, "overdue": 1}
    assert figures["flags"] == [("reference_retracted", 4, 2)]
    assert figures["approvals"] == 1


def test_the_median_counts_from_the_first_submission_of_each_round(editor):
    article = ArticleFactory(author=editor)
    start = timezone.now() - timedelta(days=20)

    def change(transition, target, days):
        StateChange.objects.create(
            article=article,
            transition=transition,
            source="draft",
            target=target,
            at=start + timedelta(days=days),
        )

    change("submit", "submitted", 0)
    change("request_changes", "changes_requested", 1)
    change("submit", "submitted", 2)  # the same round: counted from day 0
    change("approve", "approved", 4)
    change("revise", "draft", 5)
    change("submit", "submitted", 6)  # a new round, after the approval
    change("approve", "approved", 7)

    durations = sorted(metrics.submit_to_approval_seconds(since=start))
    assert durations == [86400.0, 4 * 86400.0]
    assert metrics.domain_figures()["approval_median"] == 2.5 * 86400


def test_the_figures_cost_the_same_queries_whatever_the_size(editor, django_assert_max_num_queries):
    ArticleFactory.create_batch(30, author=editor)
    with django_assert_max_num_queries(4):
        metrics.domain_figures()


def test_the_figures_are_computed_once_per_interval(editor, django_assert_num_queries):
    metrics.cached_domain_figures()
    Article.objects.update(status="archived")
    with django_assert_num_queries(0):
        again = metrics.cached_domain_figures()
    assert "archived" not in again["articles"]


def test_no_approvals_yet_is_not_a_number(client):
    text = client.get("/metrics").content.decode()
    assert "medreview_submit_to_approval_median_seconds NaN" in text
