"""The read API's list at any size: each article's live version is looked up per article
on the page, never by first reading every live version of the site.

PostgreSQL picks between the two by the number of rows it expects, so the test makes it
expect a large site (the tables' row estimates in ``pg_class``, inside the test's
transaction, which is rolled back) while holding a handful of rows.
"""

from __future__ import annotations

import pytest
from django.db import connection

from api import selectors
from tests.readers.helpers import approved_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]


def _plan_of_a_later_page() -> str:
    rows = selectors._page_rows(selectors._annotated(), before=10**6, limit=20)
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(line for (line,) in cursor.fetchall())


def _as_if_large() -> None:
    """100,000 articles and 140,000 versions, as far as the planner can tell (the rows'
    proportions are those ANALYZE found: about one version per article)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article, articles_publishedversion")
        for table, rows in (("articles_article", 1e5), ("articles_publishedversion", 1.4e5)):
            cursor.execute(
                "UPDATE pg_class SET reltuples = %s, relpages = 1 WHERE relname = %s",
                [rows, table],
            )


def test_a_page_of_the_list_looks_up_live_versions_per_article_at_any_size(
    client, editor, board_member
):
    article = approved_article(editor, board_member)
    _as_if_large()
    plan = _plan_of_a_later_page()
    assert "hashed" not in plan, plan
    assert "Limit" in plan.splitlines()[0]
    # And the list still shows what readers may open.
    response = client.get("/api/v1/articles")
    assert [item["slug"] for item in response.json()["items"]] == [article.slug]
