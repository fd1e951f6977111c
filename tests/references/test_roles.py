"""What each editorial role may do with the library (granted by a data migration)."""

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group

from references.roles import REFERENCE_PERMISSIONS, sync_reference_roles


def codenames(group_name):
    return set(
        Group.objects.get(name=group_name)
        .permissions.filter(content_type__app_label="references")
        .values_list("codename", flat=True)
    )


@pytest.mark.django_db
def test_roles_hold_exactly_their_reference_permissions():
    assert codenames("Editors") == {
        "view_reference",
        "add_reference",
        "change_reference",
        "view_historicalreference",
        "view_citation",
    }
    assert codenames("Advisory Board") == {"view_reference"}  # no citation list (drafts)
    assert "delete_reference" in codenames("Admins")
    assert not any("citation" in c and not c.startswith("view") for c in codenames("Admins"))


@pytest.mark.django_db
def test_syncing_again_changes_nothing_and_removes_strays():
    from django.contrib.auth.models import Permission

    editors = Group.objects.get(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="delete_reference"))
    sync_reference_roles(global_apps)
    sync_reference_roles(global_apps)
    for name, wanted in REFERENCE_PERMISSIONS.items():
        assert codenames(name) == set(wanted)
