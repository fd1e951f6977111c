"""The demo's attention queue holds one open flag of each kind, raised once."""

from django.core.management import call_command
from django.urls import reverse

from freshness.models import Reason, StaleFlag


def test_the_demo_has_one_open_flag_of_each_kind_and_loading_again_adds_none(db, client):
    call_command("load_demo", verbosity=0)
    open_flags = StaleFlag.objects.open()
    assert sorted(open_flags.values_list("reason", flat=True)) == sorted(Reason.values)
    call_command("load_demo", verbosity=0)
    assert StaleFlag.objects.open().count() == len(Reason.values)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))  # past both factors
    page = client.get(reverse("freshness:attention")).content.decode()
    for reason in (Reason.REFERENCE_RETRACTED, Reason.REVIEW_ASSIGNMENT_OVERDUE):
        assert Reason(reason).label in page
