"""The roles are created by a migration, and re-running the role sync changes nothing."""

from django.apps import apps
from django.contrib.auth.models import Group

from articles.roles import ADMINS, ADVISORY_BOARD, ARTICLE_PERMISSIONS, EDITORS, sync_roles


def perms(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_groups_exist_with_their_article_permissions(db):
    for name, codenames in ARTICLE_PERMISSIONS.items():
        assert set(codenames) <= perms(name)
    assert "approve_article" not in perms(EDITORS)
    assert "change_article" not in perms(ADVISORY_BOARD)
    assert "delete_article" not in perms(ADMINS)


def test_sync_is_idempotent_and_repairs_drift(db):
    Group.objects.get(name=EDITORS).permissions.add(
        *Group.objects.get(name=ADMINS).permissions.filter(codename="approve_article")
    )
    before = {name: perms(name) for name in (EDITORS, ADVISORY_BOARD, ADMINS)}
    sync_roles(apps)
    sync_roles(apps)
    after = {name: perms(name) for name in (EDITORS, ADVISORY_BOARD, ADMINS)}
    assert "approve_article" not in after[EDITORS]
    assert after[ADMINS] == before[ADMINS]
    assert Group.objects.filter(name__in=[EDITORS, ADVISORY_BOARD, ADMINS]).count() == 3
