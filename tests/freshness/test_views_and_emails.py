"""The attention queue, the admin list, the dashboard link, the digest and reminders, the
commands and the schedules."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from articles import services as article_services
from articles.models import ArticleStatus
from freshness.models import Reason, Resolution, StaleFlag
from freshness.services import stale_digest_send
from references.data import Kind
from review import services as review_services
from review.models import Notification
from tests.articles.factories import ArticleFactory, UserFactory, article_in_state
from tests.freshness.helpers import at, draft_citing, open_flags, record_status, scan_on
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(editor, board_member):
    """One article with a critical flag (retracted) and a low one (old guideline), another
    with a low one."""
    bad = ReferenceFactory(key="wakefield1998")
    ReferenceFactory(key="idsa2014", kind=Kind.GUIDELINE, year=2014)
    record_status(bad, retracted=True)
    critical = draft_citing(editor, "[@wakefield1998] [@idsa2014]")
    low = draft_citing(editor, "[@idsa2014]")
    scan_on("2026-03-01")
    return critical, low


def test_attention_queue_groups_by_article_most_severe_first(client, editor, flagged):
    critical, low = flagged
    client.force_login(editor)
    response = client.get(reverse("freshness:attention"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(critical.title) < page.index(low.title)
    assert "Cited reference retracted" in page and "Critical" in page
    assert "2026-03-03" in page  # respond by: two days
    assert "remove or replace the citation" in page  # what to do, in words
    assert reverse("freshness:dismiss", args=[open_flags(Reason.REFERENCE_RETRACTED)[0].pk]) in page
    assert "<title>Attention needed | Editorial workspace</title>" in page
    assert "<style" not in page.split("<main", 1)[1]  # styles live in a stylesheet


def test_attention_url_and_dashboard_link(client, editor):
    assert reverse("freshness:attention") == "/editorial/attention/"
    client.force_login(editor)
    page = client.get(reverse("review:dashboard")).content.decode()
    assert 'href="/editorial/attention/"' in page


def test_attention_refused_to_board_and_outsiders(client, board_member, outsider):
    client.force_login(board_member)
    assert client.get(reverse("freshness:attention")).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("freshness:attention")).status_code == 403


def test_dismiss_from_the_queue_needs_a_reason(client, editor, flagged):
    [flag] = open_flags(Reason.REFERENCE_RETRACTED)
    client.force_login(editor)
    url = reverse("freshness:dismiss", args=[flag.pk])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "a reason is required" in response.content.decode()
    flag.refresh_from_db()
    assert flag.is_open
    client.post(url, {"reason": "Checked with the author."})
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolution_note) == (
        Resolution.DISMISSED,
        "Checked with the author.",
    )


def test_dismiss_forbidden_for_board_member(client, board_member, flagged):
    [flag] = open_flags(Reason.REFERENCE_RETRACTED)
    client.force_login(board_member)
    response = client.post(reverse("freshness:dismiss", args=[flag.pk]), {"reason": "x"})
    assert response.status_code == 403
    flag.refresh_from_db()
    assert flag.is_open


def test_admin_flag_list_filters_and_article_admin_shows_open_flags(client, admin_user, flagged):
    critical, _ = flagged
    client.force_login(admin_user)
    listing = client.get(
        reverse("admin:freshness_staleflag_changelist") + "?open=yes&reason=reference_retracted"
    )
    assert listing.status_code == 200
    assert critical.title in listing.content.decode()
    page = client.get(reverse("admin:articles_article_change", args=[critical.pk])).content.decode()
    assert 'id="open-flags"' in page and "Cited reference retracted" in page


def test_article_admin_shows_open_flags_of_an_approved_article(
    client, admin_user, editor, board_member
):
    """An approved article is frozen (no editing aids), but its flags are what matter."""
    with at("2020-01-10"):
        article = article_in_state(
            ArticleStatus.APPROVED, editor=editor, board=board_member, review_interval_months=12
        )
    scan_on("2026-01-01")
    client.force_login(admin_user)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'id="open-flags"' in page and "Board review overdue" in page
    assert 'id="cite-helper"' not in page


def test_review_page_shows_open_flags(client, admin_user, flagged):
    critical, _ = flagged
    client.force_login(admin_user)
    page = client.get(reverse("review:article", args=[critical.pk])).content.decode()
    assert 'id="freshness"' in page and "Cited reference retracted" in page


def test_weekly_digest_to_editors_once_per_week_most_severe_first(
    editor, flagged, django_capture_on_commit_callbacks
):
    with at("2026-03-02"):
        sent = stale_digest_send()
    assert sent["digest"] == 1
    [digest] = Notification.objects.filter(kind="stale_digest")
    assert digest.recipient == editor
    body = digest.body
    assert body.index("[Critical]") < body.index("[Low]")
    assert "/editorial/attention/" in body
    with at("2026-03-03"):
        assert stale_digest_send()["digest"] == 0  # same week
    with at("2026-03-10"):
        assert stale_digest_send()["digest"] == 1


def test_weekly_digest_lists_the_most_severe_and_counts_the_rest(editor, flagged, monkeypatch):
    from freshness import services as freshness_services  # noqa: PLC0415

    monkeypatch.setattr(freshness_services, "DIGEST_MAX_FLAGS", 1)
    with at("2026-03-02"):
        assert stale_digest_send()["digest"] == 1
    [digest] = Notification.objects.filter(kind="stale_digest")
    assert "[Critical]" in digest.body and "[Low]" not in digest.body
    assert "…and 2 more, in the attention queue." in digest.body
    assert digest.subject == "Attention needed: 3 open stale-content flag(s)"


def test_unanswered_critical_flag_escalated_once(editor, admin_user, flagged):
    with at("2026-03-02"):
        assert stale_digest_send(weekly=False)["critical"] == 0  # not late yet
    with at("2026-03-04"):
        assert stale_digest_send(weekly=False)["critical"] == 1
        assert stale_digest_send(weekly=False)["critical"] == 0
    recipients = set(
        Notification.objects.filter(kind="stale_critical").values_list("recipient", flat=True)
    )
    assert recipients == {editor.pk, admin_user.pk}


def test_overdue_reviewer_reminded_then_assigning_editor_escalated(
    editor, admin_user, board_member
):
    from tests.review.factories import BoardMemberFactory

    member = BoardMemberFactory(user=board_member)
    with at("2026-03-01"):
        article = ArticleFactory(author=editor)
        article_services.article_submit(article=article, actor=editor)
        assignment = review_services.review_assign(
            article=article, reviewer=member, actor=admin_user
        )
    day = assignment.due_date + timedelta(days=1)
    scan_on(day.isoformat())
    with at(day.isoformat()):
        sent = stale_digest_send(weekly=False)
        assert stale_digest_send(weekly=False)["reminder"] == 0
    assert sent["reminder"] == 1 and sent["escalation"] == 0
    [reminder] = Notification.objects.filter(kind="stale_reminder")
    assert reminder.recipient == board_member and "overdue" in reminder.subject
    later = (day + timedelta(days=8)).isoformat()
    with at(later):
        assert stale_digest_send(weekly=False)["escalation"] == 1
        assert stale_digest_send(weekly=False)["escalation"] == 0
    [escalation] = Notification.objects.filter(kind="stale_escalation")
    assert escalation.recipient == admin_user
    [flag] = StaleFlag.objects.filter(reason=Reason.REVIEW_ASSIGNMENT_OVERDUE)
    assert [h.history_change_reason for h in flag.history.order_by("history_id")][-2:] == [
        "flag.remind",
        "flag.escalate",
    ]


def test_commands_run_the_same_code(editor, flagged, capsys):
    call_command("scan_stale_content")
    assert "0 flag(s) raised" in capsys.readouterr().out  # already raised by the fixture
    draft_citing(editor, "[@wakefield1998]")  # one more article citing the retraction
    with at("2026-03-01"):
        call_command("scan_stale_content")
    out = capsys.readouterr().out
    assert "Cited reference retracted: 1 raised, 0 resolved" in out  # words, not field values
    call_command("send_stale_digest")
    assert "1 digest" in capsys.readouterr().out


def test_schedules_created_by_migration():
    tasks = {t.task for t in PeriodicTask.objects.filter(name__startswith="Freshness:")}
    assert tasks == {
        "freshness.tasks.scan_stale_content_task",
        "freshness.tasks.check_reference_status_task",
        "freshness.tasks.send_stale_digest_task",
    }
    weekly = PeriodicTask.objects.get(name="Freshness: weekly digest to editors")
    assert weekly.crontab.day_of_week == "0" and '"weekly": true' in weekly.kwargs


def test_approved_overdue_article_stays_published_with_its_date(client, editor, board_member):
    with at("2020-01-10"):
        article = article_in_state(
            ArticleStatus.APPROVED, editor=editor, board=board_member, review_interval_months=12
        )
    scan_on("2026-01-01")
    assert len(open_flags(Reason.REVIEW_OVERDUE)) == 1
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert article.next_review_due == date(2021, 1, 10)
    assert "Next review due: January 10, 2021" in page.content.decode()


def test_reference_admin_shows_the_status_fields(client, admin_user):
    ref = ReferenceFactory(key="crum2004")
    client.force_login(admin_user)
    page = client.get(reverse("admin:references_reference_change", args=[ref.pk])).content.decode()
    for name in ("label_cited_version", "concern_on", "corrected_on", "superseded_notice"):
        assert f'name="{name}"' in page


def test_admin_dismiss_action_asks_for_a_reason(client, admin_user, flagged):
    [flag] = open_flags(Reason.REFERENCE_RETRACTED)
    client.force_login(admin_user)
    url = reverse("admin:freshness_staleflag_changelist")
    data = {"action": "dismiss_selected", "_selected_action": [flag.pk]}
    page = client.post(url, data)
    assert "A reason is required" in page.content.decode()
    flag.refresh_from_db()
    assert flag.is_open
    page = client.post(url, {**data, "apply": "1", "reason": "  "}).content.decode()
    assert page.count("Say why you dismiss these flags: a reason is required.") == 1
    flag.refresh_from_db()
    assert flag.is_open and flag.history.count() == 1
    client.post(url, {**data, "apply": "1", "reason": "Reviewed: the article discusses it."})
    flag.refresh_from_db()
    assert flag.resolution == Resolution.DISMISSED and flag.resolved_by == admin_user


def test_admin_records_an_override_through_the_service(client, admin_user, editor):
    from freshness.models import RetractionOverride

    ref = ReferenceFactory(key="wakefield1998")
    article = draft_citing(editor, "[@wakefield1998]")
    client.force_login(admin_user)
    url = reverse("admin:freshness_retractionoverride_add")
    data = {"article": article.pk, "reference": ref.pk, "reason": "Discusses it."}
    response = client.post(url, data, follow=True)
    assert "is not retracted" in response.content.decode()
    assert not RetractionOverride.objects.exists()
    record_status(ref, retracted=True)
    client.post(url, data)
    override = RetractionOverride.objects.get()
    assert override.recorded_by == admin_user and override.reason == "Discusses it."


def _override(editor, actor):
    from freshness.models import RetractionOverride
    from freshness.services import retraction_override_record

    ref = ReferenceFactory(key="wakefield1998")
    article = draft_citing(editor, "[@wakefield1998]")
    record_status(ref, retracted=True)
    retraction_override_record(article=article, reference=ref, actor=actor, reason="Discusses it.")
    return RetractionOverride.objects.get()


def test_admin_withdraws_overrides_through_the_service(client, admin_user, editor):
    override = _override(editor, admin_user)
    client.force_login(admin_user)
    url = reverse("admin:freshness_retractionoverride_changelist")
    data = {"action": "withdraw_selected", "_selected_action": [override.pk]}
    page = client.post(url, data, follow=True).content.decode()
    assert "1 override(s) withdrawn." in page
    override.refresh_from_db()
    assert override.withdrawn_at is not None
    assert override.history.first().history_change_reason == "override.withdraw"


def test_withdrawing_an_override_is_refused_without_the_permission(client, admin_user, editor):
    override = _override(editor, admin_user)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_retractionoverride"))
    client.force_login(viewer)
    url = reverse("admin:freshness_retractionoverride_changelist")
    data = {"action": "withdraw_selected", "_selected_action": [override.pk]}
    response = client.post(url, data)
    assert response.status_code == 403
    override.refresh_from_db()
    assert override.withdrawn_at is None and override.history.count() == 1


def test_navigation_links_the_queue_only_for_those_who_may_open_it(client, editor, board_member):
    client.force_login(editor)
    assert "Attention queue" in client.get(reverse("review:dashboard")).content.decode()
    client.force_login(board_member)
    assert "Attention queue" not in client.get(reverse("review:dashboard")).content.decode()
