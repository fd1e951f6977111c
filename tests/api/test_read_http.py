"""Read responses: cached like the pages, ETag / Last-Modified with 304s, cursor pages,
filters, search, and a number of queries that does not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles import services as article_services
from articles.models import Article, Topic
from tests.readers.helpers import approve, approved_article

pytestmark = pytest.mark.django_db


def test_an_article_carries_an_etag_and_last_modified_and_answers_304(client, editor, board_member):
    article = approved_article(editor, board_member)
    url = f"/api/v1/articles/{article.slug}"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, no-cache"
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_cached_response_changes_when_the_article_does(
    client, editor, board_member, django_capture_on_commit_callbacks
):
    article = approved_article(editor, board_member, n_refs=0, body="First approved.\n")
    url = f"/api/v1/articles/{article.slug}"
    first = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_revise(article=article, actor=editor)
        article.refresh_from_db()
        article = article_services.article_update(
            article=article, actor=editor, expected_lock_version=article.lock_version,
            body="Second approved.\n",
        )  # fmt: skip
        article_services.article_submit(
            article=article, actor=editor, change_kind="update", change_note="Newer trial."
        )
        approve(article, board_member)
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["body_text"] == "Second approved."
    assert second["ETag"] != first["ETag"]


def test_the_list_pages_by_cursor_without_repeats_or_gaps(client, editor, board_member):
    slugs = {approved_article(editor, board_member, n_refs=0, title=f"Question {i}?").slug
             for i in range(5)}  # fmt: skip
    seen, url, pages = [], "/api/v1/articles?limit=2", 0
    while url:
        data = client.get(url).json()
        seen += [item["slug"] for item in data["items"]]
        url, pages = data["next"], pages + 1
        if pages == 1:  # articles change while a client pages through the list
            first = Article.objects.get(slug=seen[0])
            article_services.article_revise(article=first, actor=editor)
            approved_article(editor, board_member, n_refs=0, title="Added meanwhile?")
    assert pages == 3
    assert sorted(seen) == sorted(slugs) and len(seen) == len(set(seen))


def test_a_cursor_that_was_not_given_out_is_a_problem(client, editor, board_member):
    response = client.get("/api/v1/articles", {"cursor": "not-a-cursor!"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "cursor"


def test_filters_by_topic_status_and_updated_since_and_search(client, editor, board_member):
    topic = Topic.objects.create(name="Paediatrics", slug="paediatrics")
    tagged = approved_article(editor, board_member, n_refs=0, title="Fever in children?")
    tagged.topics.add(topic)
    other = approved_article(editor, board_member, n_refs=0, title="Gout flares?",
                             summary="Colchicine early.")  # fmt: skip
    pending = article_services.article_create(actor=editor, title="Pending?", body="Text.\n")
    article_services.article_submit(article=pending, actor=editor)

    def slugs(**params):
        response = client.get("/api/v1/articles", params)
        assert response.status_code == 200, response.content
        return {item["slug"] for item in response.json()["items"]}

    assert slugs(topic="paediatrics") == {tagged.slug}
    assert slugs(status="submitted") == {pending.slug}
    assert slugs(status="approved") == {tagged.slug, other.slug}
    assert slugs(q="colchicine") == {other.slug}
    other.refresh_from_db()
    since = other.content_updated_at.isoformat()
    assert slugs(updated_since=since) == {other.slug, pending.slug}
    bad = client.get("/api/v1/articles", {"status": "draft"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@override_settings(READERS_CACHE_SECONDS=0)
def test_the_number_of_queries_does_not_grow_with_the_data(client, editor, board_member):
    small = approved_article(editor, board_member, n_refs=1, prefix="s", title="Small?")
    counts = {
        "list": _queries(client, "/api/v1/articles"),
        "article": _queries(client, f"/api/v1/articles/{small.slug}"),
        "board": _queries(client, "/api/v1/board"),
    }
    big = approved_article(editor, board_member, n_refs=12, prefix="b", title="Big?",
                           alt_body="Plain [@b0].\n")  # fmt: skip
    for i in range(4):
        approved_article(editor, board_member, n_refs=0, title=f"More {i}?")
    assert _queries(client, "/api/v1/articles") == counts["list"] == 2
    assert _queries(client, "/api/v1/board") == counts["board"]
    # The other audience's version reads the page's four queries again, no more.
    assert _queries(client, f"/api/v1/articles/{big.slug}") == counts["article"] + 4 == 8
