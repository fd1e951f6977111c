"""The article's citation list follows its body: numbering by first appearance."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from articles import services as article_services
from articles.exceptions import ActionForbidden
from articles.models import ArticleStatus
from references import services
from references.exceptions import ReferenceInUse
from references.models import Citation
from tests.articles.factories import ArticleFactory, article_in_state
from tests.references.factories import ReferenceFactory


def numbered(article):
    return [
        (c.reference.key, c.number)
        for c in Citation.objects.filter(article=article).select_related("reference")
    ]


def make_refs(*keys):
    return {key: ReferenceFactory(key=key) for key in keys}


def test_numbers_follow_first_appearance_across_repeated_and_grouped_citations(editor):
    make_refs("liu2011", "idsa2014", "crum2004", "mallick2004")
    article = ArticleFactory(
        author=editor,
        body=(
            "Empirical therapy covers MRSA [@idsa2014].\n\n"
            "Drainage is needed [@crum2004; @liu2011; @idsa2014].\n\n"
            "Again [@liu2011], and finally [@mallick2004; @crum2004]."
        ),
    )
    services.citations_sync(article=article)
    assert numbered(article) == [
        ("idsa2014", 1),
        ("crum2004", 2),
        ("liu2011", 3),
        ("mallick2004", 4),
    ]


def test_editing_the_body_renumbers_after_commit_and_keeps_attached_references(
    editor, django_capture_on_commit_callbacks
):
    refs = make_refs("liu2011", "idsa2014", "crum2004")
    article = ArticleFactory(author=editor, body="A [@liu2011]. B [@idsa2014].")
    services.citation_attach(article=article, reference=refs["crum2004"], actor=editor)
    assert numbered(article) == [("liu2011", 1), ("idsa2014", 2), ("crum2004", None)]

    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_update(
            article=article,
            actor=editor,
            expected_version=article.version,
            body="B first [@idsa2014]. Then [@liu2011].",
        )
    assert numbered(article) == [("idsa2014", 1), ("liu2011", 2), ("crum2004", None)]

    with django_capture_on_commit_callbacks(execute=True):
        article.refresh_from_db()
        article_services.article_update(
            article=article,
            actor=editor,
            expected_version=article.version,
            body="Only now cited [@crum2004].",
        )
    # References no longer cited stay attached, without a number.
    assert numbered(article) == [("crum2004", 1), ("idsa2014", None), ("liu2011", None)]


def test_a_citation_change_moves_last_updated(editor, django_capture_on_commit_callbacks):
    make_refs("liu2011", "idsa2014")
    with time_machine.travel("2025-01-01 12:00Z", tick=False):
        article = ArticleFactory(author=editor, body="A [@liu2011].")
    with (
        time_machine.travel("2025-03-01 12:00Z", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        article_services.article_update(
            article=article,
            actor=editor,
            expected_version=article.version,
            body="A [@liu2011; @idsa2014].",
        )
    article.refresh_from_db()
    assert article.content_updated_at == datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert numbered(article) == [("liu2011", 1), ("idsa2014", 2)]


def test_unknown_keys_take_no_number_and_resolve_once_the_reference_exists(editor):
    make_refs("liu2011")
    article = ArticleFactory(author=editor, body="A [@smith2019]. B [@liu2011].")
    services.citations_sync(article=article)
    assert numbered(article) == [("liu2011", 1)]

    ReferenceFactory(key="smith2019")  # adding the key resyncs the articles citing it
    assert numbered(article) == [("smith2019", 1), ("liu2011", 2)]


def test_sync_writes_nothing_when_the_list_is_already_right(editor, django_assert_num_queries):
    make_refs("liu2011", "idsa2014")
    article = ArticleFactory(author=editor, body="A [@liu2011; @idsa2014].")
    services.citations_sync(article=article)
    # savepoint, lock the article, find the references, read the list, release savepoint
    with django_assert_num_queries(5):
        services.citations_sync(article=article)


def test_reverting_to_an_older_text_resyncs_the_list(
    editor, board_member, django_capture_on_commit_callbacks
):
    make_refs("liu2011", "idsa2014")
    article = ArticleFactory(author=editor, body="Old [@liu2011].")
    services.citations_sync(article=article)
    first = article.history.first().history_id
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_update(
            article=article, actor=editor, expected_version=article.version, body="New [@idsa2014]."
        )
    assert numbered(article) == [("idsa2014", 1), ("liu2011", None)]
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_revert(article=article, actor=editor, history_id=first)
    assert numbered(article) == [("liu2011", 1), ("idsa2014", None)]


def test_detaching_a_cited_reference_is_refused(editor):
    refs = make_refs("liu2011")
    article = ArticleFactory(author=editor, body="A [@liu2011].")
    services.citations_sync(article=article)
    with pytest.raises(ReferenceInUse, match=re.escape("cited in the body as [@liu2011]")):
        services.citation_detach(article=article, reference=refs["liu2011"], actor=editor)
    assert numbered(article) == [("liu2011", 1)]


def test_detaching_an_attached_reference(editor):
    refs = make_refs("liu2011")
    article = ArticleFactory(author=editor, body="Nothing cited yet.")
    services.citation_attach(article=article, reference=refs["liu2011"], actor=editor)
    services.citation_detach(article=article, reference=refs["liu2011"], actor=editor)
    assert numbered(article) == []


def test_attaching_needs_the_right_to_edit_articles(board_member, editor):
    refs = make_refs("liu2011")
    article = article_in_state(ArticleStatus.DRAFT, editor=editor, board=board_member)
    with pytest.raises(ActionForbidden, match="Your role does not allow you to edit articles."):
        services.citation_attach(article=article, reference=refs["liu2011"], actor=board_member)
    assert numbered(article) == []
