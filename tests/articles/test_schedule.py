"""Scheduled publishing (embargo) and expiry, run by the beat job, with time travel."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from articles import services
from articles.exceptions import ArticleError
from articles.models import ArticleStatus, PublishedVersion, VersionRelease
from articles.tasks import run_publishing_schedule_task
from tests.articles.factories import approve_through_board, article_in_state

T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


def _embargoed(editor, board_member, *, go_live):
    article = article_in_state(ArticleStatus.UNDER_REVIEW, editor=editor, board=board_member)
    article = services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        release_at=go_live,
    )
    version = approve_through_board(article, board_member)
    article.refresh_from_db()
    return article, version


def test_an_embargoed_version_is_held_until_the_job_releases_it_on_time(editor, board_member):
    go_live = T0 + dt.timedelta(hours=2)
    with at(T0):
        article, version = _embargoed(editor, board_member, go_live=go_live)
        assert version.release_at == go_live
        assert article.release_at is None  # used up by this approval
        assert not PublishedVersion.objects.live().filter(pk=version.pk).exists()
        assert services.publishing_schedule_run() == {
            "released": 0, "late": 0, "archived": 0, "banner": 0,
        }  # fmt: skip
    with at(go_live + dt.timedelta(minutes=1)):
        done = run_publishing_schedule_task()
    assert done["released"] == 1 and done["late"] == 0
    assert PublishedVersion.objects.live().filter(pk=version.pk).exists()
    entry = article.state_changes.get(transition="release")
    assert "went live as scheduled" in entry.comment and entry.actor is None

    # Idempotent: the next runs do nothing more.
    with at(go_live + dt.timedelta(minutes=2)):
        assert services.publishing_schedule_run()["released"] == 0
    assert VersionRelease.objects.count() == 1
    assert article.state_changes.filter(transition="release").count() == 1


def test_a_missed_release_happens_at_the_next_run_and_says_so(editor, board_member):
    go_live = T0 + dt.timedelta(hours=1)
    with at(T0):
        article, version = _embargoed(editor, board_member, go_live=go_live)
    with at(go_live + dt.timedelta(hours=5)):  # the worker was down for five hours
        out = StringIO()
        call_command("run_publishing_schedule", stdout=out)
    assert "Released 1 version(s) (1 late)" in out.getvalue()
    release = VersionRelease.objects.get(published_version=version)
    assert release.late and release.due_at == go_live
    entry = article.state_changes.get(transition="release")
    assert "missed release" in entry.comment and "did not run" in entry.comment


def test_a_go_live_time_in_the_past_is_refused_and_nothing_changes(editor, board_member):
    with at(T0):
        article = article_in_state(ArticleStatus.DRAFT, editor=editor, board=board_member)
        version = article.lock_version
        with pytest.raises(ArticleError) as refused:
            services.article_update(
                article=article,
                actor=editor,
                expected_lock_version=article.lock_version,
                release_at=T0 - dt.timedelta(minutes=1),
            )
    assert "is in the past" in str(refused.value)
    article.refresh_from_db()
    assert article.release_at is None and article.lock_version == version


def test_an_approval_without_embargo_is_live_at_once(editor, board_member):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    version = article.published_versions.get()
    assert version.release_at is None
    assert PublishedVersion.objects.live().filter(pk=version.pk).exists()


def test_expiry_with_archive_withdraws_the_article_once(editor, board_member):
    with at(T0):
        article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
        article = services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
            expires_at=T0 + dt.timedelta(days=30),
            expiry_action="archive",
        )
    with at(T0 + dt.timedelta(days=29)):
        assert services.publishing_schedule_run()["archived"] == 0
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    with at(T0 + dt.timedelta(days=30, minutes=1)):
        assert services.publishing_schedule_run()["archived"] == 1
        assert services.publishing_schedule_run()["archived"] == 0
    article.refresh_from_db()
    assert article.status == ArticleStatus.ARCHIVED
    change = article.state_changes.get(transition="archive")
    assert change.actor is None
    # In the site's time zone, with its name; no promise of a review nothing started.
    assert change.comment == (
        "Its expiry date (July 1, 2026 09:00 UTC) passed: withdrawn by the publishing schedule."
    )


def test_expiry_with_banner_keeps_it_public_and_records_it_once(editor, board_member):
    with at(T0):
        article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
        article = services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
            expires_at=T0 + dt.timedelta(days=1),
        )
    with at(T0 + dt.timedelta(days=2)):
        assert services.publishing_schedule_run()["banner"] == 1
        assert services.publishing_schedule_run()["banner"] == 0
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED and article.is_expired()
    assert article.state_changes.filter(transition="expire").count() == 1


def test_a_draft_never_approved_does_not_expire(editor):
    with at(T0):
        article = article_in_state(ArticleStatus.DRAFT, editor=editor, board=None)
        services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
            expires_at=T0 + dt.timedelta(hours=1),
            expiry_action="archive",
        )
    with at(T0 + dt.timedelta(days=1)):
        assert services.publishing_schedule_run()["archived"] == 0
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_the_beat_schedule_is_created_by_the_migration(db):
    task = PeriodicTask.objects.get(name="Articles: scheduled releases and expiry")
    assert task.task == "articles.tasks.run_publishing_schedule_task"
    assert task.enabled and task.interval.every == 1 and task.interval.period == "minutes"


def test_the_review_timeline_names_a_missed_release(client, editor, board_member):
    from django.urls import reverse  # noqa: PLC0415

    go_live = T0 + dt.timedelta(hours=1)
    with at(T0):
        article, _version = _embargoed(editor, board_member, go_live=go_live)
    with at(go_live + dt.timedelta(hours=2)):
        services.publishing_schedule_run()
    client.force_login(editor)
    html = client.get(reverse("review:article", args=[article.pk])).text
    assert "Scheduled release" in html and "missed release" in html
