"""Prepared queries (readers.prepared): the ORM's rows, compiled once, refused when unsafe."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, PublishedVersion, Topic
from readers import prepared
from readers.prepared import Prepared
from tests.readers.helpers import approved_article

pytestmark = pytest.mark.django_db


def _versions(slug):
    return (
        PublishedVersion.objects.filter(article__slug=slug)
        .order_by("-approved_at")
        .values("approval_reference", "approved_at", "references", title_now=F("article__title"))
    )


def test_rows_are_what_the_orm_returns_for_each_call_s_values(editor, board_member):
    one = approved_article(editor, board_member, prefix="one", title="First question?")
    two = approved_article(editor, board_member, prefix="two", title="Second question?")
    query = Prepared(_versions, slug=str)
    for article in (one, two, one):
        rows = query(slug=article.slug)
        assert rows == list(_versions(article.slug))
        assert rows[0]["title_now"] == article.title
        assert timezone.is_aware(rows[0]["approved_at"])  # converted as the ORM converts
        assert isinstance(rows[0]["references"], list)  # JSON decoded
    assert query(slug="no-such-article") == []
    assert len(query._plans) == 1  # compiled once, run three times


def test_it_runs_one_counted_query_per_call(editor, board_member):
    article = approved_article(editor, board_member)
    query = Prepared(_versions, slug=str)
    query(slug=article.slug)
    with CaptureQueriesContext(connection) as queries:
        query(slug=article.slug)
    assert len(queries) == 1


def test_a_value_used_twice_and_an_integer_value(editor, board_member):
    article = approved_article(editor, board_member)
    query = Prepared(
        lambda pk: (
            Article.objects.filter(pk=pk, related_articles__isnull=True)
            .exclude(pk=pk + 0)
            .values("pk")
        ),
        pk=int,
    )
    assert query(pk=article.pk) == []
    query = Prepared(lambda pk: Article.objects.filter(pk=pk).values("slug"), pk=int)
    assert query(pk=article.pk) == [{"slug": article.slug}]


def test_shapes_are_compiled_apart_and_past_the_limit_run_through_the_orm(
    editor, board_member, monkeypatch
):
    for i in range(3):
        Topic.objects.create(name=f"Topic {i}", slug=f"topic-{i}")
    query = Prepared(lambda n: Topic.objects.order_by("name").values("name")[:n])
    assert [len(query(n)) for n in (1, 2, 3)] == [1, 2, 3]
    assert len(query._plans) == 3
    monkeypatch.setattr(prepared, "MAX_SHAPES", 3)
    assert query(4) == [{"name": f"Topic {i}"} for i in range(3)]  # through the ORM
    assert len(query._plans) == 3


def test_a_build_that_reads_the_clock_is_refused():
    query = Prepared(
        lambda slug: Article.objects.filter(slug=slug, created_at__lte=timezone.now()).values("pk"),
        slug=str,
    )
    with pytest.raises(ImproperlyConfigured, match="does it read the clock"):
        query(slug="x")
    assert query._plans == {}


def test_a_value_that_does_not_reach_the_sql_unchanged_is_refused():
    query = Prepared(
        lambda word: Article.objects.filter(title__icontains=word).values("pk"), word=str
    )
    with pytest.raises(ImproperlyConfigured, match=r"\['word'\] do not reach the SQL"):
        query(word="abscess")


def test_models_rather_than_values_are_refused():
    query = Prepared(lambda slug: Article.objects.filter(slug=slug), slug=str)
    with pytest.raises(ImproperlyConfigured, match=r"must return \.values"):
        query(slug="x")


def test_wrong_or_missing_values_are_refused():
    query = Prepared(lambda slug: Article.objects.filter(slug=slug).values("pk"), slug=str)
    with pytest.raises(TypeError, match=r"Expected values for \['slug'\], got \['title'\]"):
        query(title="x")
    with pytest.raises(ImproperlyConfigured, match="str or int, not float"):
        Prepared(lambda x: Article.objects.filter(pk=x).values("pk"), x=float)(x=1.0)


def test_the_django_it_was_checked_against():
    """Prepared queries lean on ORM internals (``QuerySet._iterable_class``, the compiler's
    ``get_converters`` and ``apply_converters``). On another Django minor version, re-run
    this file and ``bench/public_pages.py --compare-prepared``; keep them only if both
    still say so, then move this pin."""
    import django

    assert django.VERSION[:2] == (5, 2), (
        f"Django {django.get_version()}: check readers/prepared.py against its ORM first"
    )
    from django.db.models.sql.compiler import SQLCompiler

    assert callable(SQLCompiler.get_converters) and callable(SQLCompiler.apply_converters)
    assert Article.objects.values("pk")._iterable_class.__name__ == "ValuesIterable"


def test_switched_off_the_same_rows_come_through_the_orm(editor, board_member, settings):
    article = approved_article(editor, board_member)
    query = Prepared(_versions, slug=str)
    compiled = query(slug=article.slug)
    settings.READERS_PREPARED_QUERIES = False
    assert query(slug=article.slug) == compiled == list(_versions(article.slug))


def _statements_prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_on_postgresql_a_prepared_query_is_planned_once_per_connection(editor, board_member):
    one = approved_article(editor, board_member, prefix="one", title="First question?")
    two = approved_article(editor, board_member, prefix="two", title="Second question?")
    query = Prepared(_versions, slug=str)
    assert query(slug=one.slug)[0]["title_now"] == "First question?"
    assert not any("title_now" in sql for sql in _statements_prepared())  # once: not yet
    with CaptureQueriesContext(connection) as queries:
        rows = query(slug=two.slug)
    assert len(queries) == 1  # still Django's cursor: counted and logged
    assert rows == list(_versions(two.slug))
    assert timezone.is_aware(rows[0]["approved_at"])
    prepared_now = [sql for sql in _statements_prepared() if "title_now" in sql]
    assert len(prepared_now) == 1 and "$1" in prepared_now[0]  # the slug bound apart
    assert query(slug=one.slug)[0]["title_now"] == "First question?"
    assert query(slug="no-such-article") == []
    # What the ORM runs otherwise is sent as Django sends it, never prepared.
    list(_versions(one.slug))
    list(_versions(one.slug))
    assert len([sql for sql in _statements_prepared() if "title_now" in sql]) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_with_prepared_statements_off_nothing_is_prepared(editor, board_member, monkeypatch):
    article = approved_article(editor, board_member)
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "prepare_threshold", None)
    query = Prepared(_versions, slug=str)
    for _ in range(3):
        assert query(slug=article.slug)[0]["title_now"] == article.title
    assert not any("title_now" in sql for sql in _statements_prepared())
