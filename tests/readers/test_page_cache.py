"""The page cache's per-process copies: never served once the shared generation moves."""

import pytest
from django.core.cache import cache

from readers import cache as page_cache
from tests.readers.helpers import approved_article

pytestmark = pytest.mark.django_db


def test_a_bump_by_another_process_is_seen_at_once_when_checked_every_request(
    client, editor, board_member
):
    article = approved_article(editor, board_member)
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"  # from this process's copy
    cache.incr(page_cache.GENERATION_KEY)  # what another process's save does
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_page_cached_by_another_process_is_fetched_once(client, editor, board_member):
    article = approved_article(editor, board_member)
    url = article.get_absolute_url()
    client.get(url)
    page_cache._local.pages.clear()  # as if another process had rendered it
    again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert page_cache.page_key(url) in page_cache._local.pages


def test_a_cleared_cache_starts_a_new_generation(client, editor, board_member):
    article = approved_article(editor, board_member)
    url = article.get_absolute_url()
    client.get(url)
    before = page_cache.generation()
    cache.clear()
    assert page_cache.generation() != before
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_each_process_keeps_a_bounded_number_of_pages_for_a_bounded_time(settings, monkeypatch):
    settings.READERS_CACHE_SECONDS = 600
    now = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now[0])
    local = page_cache._LocalPages(2)
    for key in "abc":
        local.put(key, (200, "text/html", key.encode()))
    assert list(local.pages) == ["b", "c"]
    assert local.get("b") is not None and list(local.pages) == ["c", "b"]
    now[0] += 601  # as long as the shared cache keeps it, no longer
    assert local.get("b") is None and "b" not in local.pages


@pytest.fixture
def clock(settings, monkeypatch):
    """This process's clock, moved by hand, and a generation check every second."""
    settings.READERS_GENERATION_CHECK_SECONDS = 1
    now = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now[0])
    monkeypatch.setitem(page_cache._last_read, "until", 0.0)
    return now


def test_within_the_check_window_other_processes_saves_show_after_it(
    client, editor, board_member, clock
):
    now = clock
    url = approved_article(editor, board_member).get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    cache.incr(page_cache.GENERATION_KEY)  # another process saved something
    now[0] += 0.5
    assert client.get(url)["X-Page-Cache"] == "hit"  # within the second: the old page
    now[0] += 0.6
    assert client.get(url)["X-Page-Cache"] == "miss"  # past it: the new generation
    # This process's own saves show at once.
    page_cache.bump()
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_the_check_window_counts_from_when_the_generation_was_asked_for(
    client, editor, board_member, clock, monkeypatch
):
    now = clock
    url = approved_article(editor, board_member).get_absolute_url()

    class SlowToAnswer:
        """The shared cache, its answer about the generation arriving 0.4 s late."""

        def __getattr__(self, name):
            return getattr(cache, name)

        def get(self, key, *args, **kwargs):
            value = cache.get(key, *args, **kwargs)
            if key == page_cache.GENERATION_KEY:
                now[0] += 0.4
            return value

    monkeypatch.setattr(page_cache, "cache", SlowToAnswer())
    assert client.get(url)["X-Page-Cache"] == "miss"
    monkeypatch.setattr(page_cache, "cache", cache)
    cache.incr(page_cache.GENERATION_KEY)  # another process saved just after the question
    now[0] += 0.7  # 1.1 s after the question, 0.7 s after the answer arrived
    assert client.get(url)["X-Page-Cache"] == "miss"
