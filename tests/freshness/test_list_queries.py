"""Lists of flags cost the same number of queries whatever the number of rows."""

import pytest
from django.urls import reverse

from references.data import Kind
from tests.freshness.helpers import draft_citing, record_status, scan_on
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

QUEUE_QUERIES = 6  # session, user, permissions, flags with their articles, navigation
ADMIN_LIST_QUERIES = 10  # +1: the second factor's device, re-read each request


def _flag_articles(editor, n: int) -> None:
    """``n`` articles, each citing a retracted reference and an old guideline (2 flags)."""
    for i in range(n):
        bad = ReferenceFactory(key=f"retracted{i}")
        ReferenceFactory(key=f"guideline{i}", kind=Kind.GUIDELINE, year=2010)
        record_status(bad, retracted=True)
        draft_citing(editor, f"[@retracted{i}] [@guideline{i}]")
    scan_on("2026-03-01")


@pytest.mark.parametrize("n", [2, 12])
def test_attention_queue_queries_do_not_grow(n, client, editor, django_assert_max_num_queries):
    _flag_articles(editor, n)
    client.force_login(editor)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        page = client.get(reverse("freshness:attention")).content.decode()
    assert page.count("Cited reference retracted") == n


@pytest.mark.parametrize("n", [2, 12])
def test_admin_flag_list_queries_do_not_grow(n, client, admin_user, django_assert_max_num_queries):
    _flag_articles(editor=admin_user, n=n)
    client.force_login(admin_user)
    with django_assert_max_num_queries(ADMIN_LIST_QUERIES):
        page = client.get(reverse("admin:freshness_staleflag_changelist")).content.decode()
    assert f"{2 * n} stale flags" in page


def test_a_full_queue_says_how_many_open_flags_it_leaves_out(client, editor, monkeypatch):
    from freshness import selectors

    _flag_articles(editor, 3)  # six open flags
    monkeypatch.setattr(selectors, "ATTENTION_LIMIT", 4)
    client.force_login(editor)
    page = client.get(reverse("freshness:attention")).content.decode()
    assert "The 4 most urgent of 6 open flags are shown" in page
    monkeypatch.setattr(selectors, "ATTENTION_LIMIT", 6)
    page = client.get(reverse("freshness:attention")).content.decode()
    assert "most urgent of" not in page and page.count("Dismiss flag") == 6
