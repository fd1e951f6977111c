"""The article's citation list follows its body: numbering by first appearance."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from articles import services as article_services
from articles.exceptions import ActionForbidden
from articles.models import Article, ArticleStatus
from references import services
from references.exceptions import ReferenceInUse, ReferenceLibraryError
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


def test_editing_the_body_renumbers_in_the_same_transaction_and_keeps_attached_references(
    editor,
):
    refs = make_refs("liu2011", "idsa2014", "crum2004")
    article = ArticleFactory(author=editor, body="A [@liu2011]. B [@idsa2014].")
    services.citation_attach(article=article, reference=refs["crum2004"], actor=editor)
    assert numbered(article) == [("liu2011", 1), ("idsa2014", 2), ("crum2004", None)]

    article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body="B first [@idsa2014]. Then [@liu2011].",
    )
    assert numbered(article) == [("idsa2014", 1), ("liu2011", 2), ("crum2004", None)]

    article.refresh_from_db()
    article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body="Only now cited [@crum2004].",
    )
    # References no longer cited stay attached, without a number.
    assert numbered(article) == [("crum2004", 1), ("idsa2014", None), ("liu2011", None)]


def test_creating_an_article_numbers_its_citations_before_commit(
    editor, django_capture_on_commit_callbacks
):
    make_refs("liu2011", "idsa2014")
    with django_capture_on_commit_callbacks(execute=False):
        article = article_services.article_create(
            actor=editor, title="What treats MRSA?", body="A [@idsa2014; @liu2011]."
        )
        # Still inside the transaction, with no after-commit callback run.
        assert numbered(article) == [("idsa2014", 1), ("liu2011", 2)]


def test_a_failing_sync_rolls_the_edit_back(editor, monkeypatch):
    make_refs("liu2011")
    article = ArticleFactory(author=editor, body="Old text.")
    from references.services import citations

    def broken(article_id):
        raise RuntimeError("citation sync failed")

    monkeypatch.setattr(citations, "_sync", broken)
    with pytest.raises(RuntimeError, match="citation sync failed"):
        article_services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
            body="[@liu2011]",
        )
    article.refresh_from_db()
    assert article.body == "Old text."
    assert numbered(article) == []


def test_a_citation_change_moves_last_updated(editor):
    make_refs("liu2011", "idsa2014")
    with time_machine.travel("2025-01-01 12:00Z", tick=False):
        article = ArticleFactory(author=editor, body="A [@liu2011].")
    with time_machine.travel("2025-03-01 12:00Z", tick=False):
        article_services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
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


def test_reverting_to_an_older_text_resyncs_the_list(editor):
    make_refs("liu2011", "idsa2014")
    article = ArticleFactory(author=editor, body="Old [@liu2011].")
    services.citations_sync(article=article)
    first = article.history.first().history_id
    article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body="New [@idsa2014].",
    )
    assert numbered(article) == [("idsa2014", 1), ("liu2011", None)]
    article.refresh_from_db()
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


@pytest.mark.parametrize(
    ("state", "refusal"),
    [
        (ArticleStatus.APPROVED, "is approved: start a revision before attaching references."),
        (ArticleStatus.ARCHIVED, "is archived: restore it before attaching references."),
    ],
)
def test_attaching_to_an_approved_or_archived_article_is_refused(editor, state, refusal):
    refs = make_refs("liu2011", "crum2004")
    article = ArticleFactory(author=editor, title="What treats MRSA?", body="See [@liu2011].")
    services.citations_sync(article=article)
    # Only the state matters here (the workflow to reach it is tested in articles/review).
    Article.objects.filter(pk=article.pk).update(status=state)
    before = numbered(article)
    with pytest.raises(ReferenceLibraryError, match=re.escape(f"“What treats MRSA?” {refusal}")):
        services.citation_attach(article=article, reference=refs["crum2004"], actor=editor)
    assert numbered(article) == before


def test_attaching_locks_the_article_row_before_writing(editor, monkeypatch):
    refs = make_refs("liu2011")
    article = ArticleFactory(author=editor, body="Nothing cited yet.")
    events = []
    lock, attach = Article.objects.select_for_update, Citation.objects.get_or_create

    def spy_lock(*args, **kwargs):
        events.append("lock article")
        return lock(*args, **kwargs)

    def spy_attach(*args, **kwargs):
        events.append("attach")
        return attach(*args, **kwargs)

    monkeypatch.setattr(Article.objects, "select_for_update", spy_lock)
    monkeypatch.setattr(Citation.objects, "get_or_create", spy_attach)
    services.citation_attach(article=article, reference=refs["liu2011"], actor=editor)
    assert events[:2] == ["lock article", "attach"]
