"""The database or the cache down: readers get cached pages, staff a clear 503."""

import logging

import pytest
from django.core.cache import cache
from django.db import ProgrammingError
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from readers import cache as page_cache
from tests.readers.helpers import approved_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    """A client that gets the error pages a browser gets (not the exception)."""
    return Client(raise_request_exception=False)


@pytest.fixture
def articles(editor, board_member):
    first = approved_article(editor, board_member, title="What is psoas myositis?")
    second = approved_article(
        editor, board_member, title="How is myositis diagnosed?", prefix="other"
    )
    return first, second


def test_readers_get_the_last_good_copy_while_the_database_is_down(
    browser, articles, request, caplog
):
    url = articles[0].get_absolute_url()
    good = browser.get(url)
    assert good["X-Page-Cache"] == "miss"
    page_cache.bump()  # a save elsewhere: the cached copy is no longer current
    page_cache._local.pages.clear()
    request.getfixturevalue("database_down")

    response = browser.get(url)

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale"
    assert response.content == good.content
    assert f"Database unreachable: served the last good copy of {url}" in caplog.text


def test_a_page_never_cached_gets_the_unavailable_page(browser, articles, request, caplog):
    browser.get(articles[0].get_absolute_url())
    request.getfixturevalue("database_down")
    response = browser.get(articles[1].get_absolute_url())
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()
    assert response["Retry-After"] == "30"


def test_staff_get_a_temporarily_unavailable_page_not_a_500(browser, editor, request, caplog):
    browser.force_login(editor)
    request.getfixturevalue("database_down")
    response = browser.get("/editorial/")
    assert response.status_code == 503
    text = response.content.decode()
    assert "<h1>Temporarily unavailable</h1>" in text
    assert "hunter2" not in text and "db.internal" not in text
    assert "no-store" in response["Cache-Control"]
    assert "Database unavailable: answered /editorial/ with 503" in caplog.text


def test_a_bad_query_is_still_a_server_error(browser, monkeypatch, editor):
    from readers import views

    def broken(*args, **kwargs):
        raise ProgrammingError("column does not exist")

    monkeypatch.setattr(views, "render", broken)
    response = browser.get("/advisory-board/")
    assert response.status_code == 500


def test_readers_get_pages_from_the_database_while_the_cache_is_down(
    client, articles, monkeypatch, caplog
):
    caplog.set_level(logging.WARNING)
    url = articles[0].get_absolute_url()

    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    page_cache._last_read["until"] = 0.0
    page_cache._local.pages.clear()
    for name in ("get", "set", "add", "incr"):
        monkeypatch.setattr(cache, name, down)

    response = client.get(url)

    assert response.status_code == 200
    assert "What is psoas myositis?" in response.content.decode()
    assert not response.has_header("X-Page-Cache")
    assert f"Page cache unreachable: rendering {url} uncached" in caplog.text


def test_a_save_with_the_cache_down_is_kept_and_logged(articles, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111")

    monkeypatch.setattr(cache, "incr", down)
    page_cache.bump()  # what readers.signals does after a save commits
    assert "Page cache unreachable: the generation was not bumped" in caplog.text


def test_the_cache_down_where_a_page_needs_it_is_a_503_too(browser, monkeypatch, caplog):
    from readers import views

    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(views, "render", down)
    response = browser.get("/advisory-board/")
    assert response.status_code == 503
    assert "Cache unavailable: answered /advisory-board/ with 503" in caplog.text


def test_a_report_is_accepted_while_the_cache_is_down(client, articles, monkeypatch, caplog):
    from readers.models import Feedback

    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111")

    for name in ("get", "set", "add", "incr"):
        monkeypatch.setattr(cache, name, down)
    article = articles[0]
    response = client.post(
        f"/articles/{article.slug}/report/",
        {"kind": "typo", "message": "A typo in the second paragraph.", "email": "", "website": ""},
    )
    assert response.status_code == 302
    assert Feedback.objects.get().message == "A typo in the second paragraph."
    assert "a reader submission was accepted without the limit" in caplog.text
