"""The review permissions are granted by a migration, and re-syncing changes nothing."""

from django.apps import apps
from django.contrib.auth.models import Group

from articles.roles import ADMINS, ADVISORY_BOARD, EDITORS
from review.roles import REVIEW_PERMISSIONS, sync_review_roles


def perms(name):
    return set(
        Group.objects.get(name=name)
        .permissions.filter(content_type__app_label="review")
        .values_list("codename", flat=True)
    )


def test_groups_hold_exactly_their_review_permissions(db):
    for name, codenames in REVIEW_PERMISSIONS.items():
        assert perms(name) == set(codenames)
    assert "assign_reviewer" in perms(EDITORS) and "assign_reviewer" in perms(ADMINS)
    assert "assign_reviewer" not in perms(ADVISORY_BOARD)
    assert "change_boardmember" not in perms(EDITORS)


def test_sync_is_idempotent_and_repairs_drift(db):
    board = Group.objects.get(name=ADVISORY_BOARD)
    board.permissions.add(
        *Group.objects.get(name=ADMINS).permissions.filter(codename="assign_reviewer")
    )
    sync_review_roles(apps)
    sync_review_roles(apps)
    assert "assign_reviewer" not in perms(ADVISORY_BOARD)


def test_the_outbox_sweep_is_scheduled(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="review.tasks.resend_pending_notifications_task")
    assert task.enabled and task.interval.every == 1 and task.interval.period == "minutes"


def test_board_members_do_not_list_review_comments_in_the_admin(db):
    """They read the discussion on the review pages of their own assignments only."""
    assert "view_reviewcomment" not in perms(ADVISORY_BOARD)
    assert "view_reviewcomment" in perms(EDITORS) and "view_reviewcomment" in perms(ADMINS)


def test_review_roles_use_the_shared_grant(db, monkeypatch):
    import review.roles

    calls = []
    monkeypatch.setattr(review.roles, "grant_app_permissions", lambda *args: calls.append(args[1:]))
    sync_review_roles(apps)
    assert calls == [("review", REVIEW_PERMISSIONS)]
