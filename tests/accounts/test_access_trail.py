"""The access audit trail: listed in the admin for Admins, never editable or deletable."""

import pytest
from django.urls import reverse

from accounts.models import AccessEvent, AccessEventKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(editor):
    return AccessEvent.objects.create(
        kind=AccessEventKind.SIGN_IN_FAILED, user=editor, client_address="192.0.2.1"
    )


def test_admins_see_the_trail_and_cannot_change_it(client, admin_user, event):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:accounts_accessevent_changelist"))
    assert listing.status_code == 200 and "192.0.2.1" in listing.text
    assert "Sign-in failed" in listing.text

    page = client.get(reverse("admin:accounts_accessevent_change", args=[event.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.text  # view only
    client.post(
        reverse("admin:accounts_accessevent_change", args=[event.pk]),
        {"kind": AccessEventKind.SIGNED_IN, "client_address": "10.0.0.1"},
    )
    assert client.get(reverse("admin:accounts_accessevent_add")).status_code == 403
    delete = client.post(
        reverse("admin:accounts_accessevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    event.refresh_from_db()
    assert (event.kind, event.client_address) == (AccessEventKind.SIGN_IN_FAILED, "192.0.2.1")


@pytest.mark.parametrize("role", ["editor", "board_member"])
def test_editors_and_the_board_cannot_read_it(client, request, role, event):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("admin:accounts_accessevent_changelist")).status_code == 403


def test_the_trail_refuses_edits_and_deletion_in_code(event):
    event.detail = "tampered"
    with pytest.raises(TypeError, match="never edited"):
        event.save()
    with pytest.raises(TypeError, match="never deleted"):
        event.delete()
    with pytest.raises(TypeError, match="never edited"):
        AccessEvent.objects.update(detail="tampered")
    with pytest.raises(TypeError, match="never deleted"):
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.get(pk=event.pk).detail == ""


def test_sign_ins_failures_and_sign_outs_are_recorded(client, editor):
    client.post(reverse("admin:login"), {"username": editor.username, "password": "nope"})
    client.post(reverse("admin:login"), {"username": "nobody", "password": "nope"})
    client.post(reverse("admin:login"), {"username": editor.username, "password": "pw"})
    client.post(reverse("admin:logout"))
    trail = list(AccessEvent.objects.order_by("pk").values_list("kind", "username", "user"))
    assert trail[-4:] == [
        (AccessEventKind.SIGN_IN_FAILED, editor.username, editor.pk),
        (AccessEventKind.SIGN_IN_FAILED, "nobody", None),
        (AccessEventKind.SIGNED_IN, editor.username, editor.pk),
        (AccessEventKind.SIGNED_OUT, editor.username, editor.pk),
    ]
