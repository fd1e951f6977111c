"""The board's approval freezes the numbered body and the AMA reference list."""

import pytest

from articles import services as article_services
from articles.exceptions import ArticleError
from readers.selectors import article_page
from review import services
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory


def test_approval_freezes_citations_and_reviewers(editor, admin_user, member):
    ReferenceFactory(key="crum2004", title="Bacterial pyomyositis in the United States")
    ReferenceFactory(key="stevens2014", title="Practice guidelines for skin infections")
    article = ArticleFactory(
        author=editor,
        body="Usually *S aureus* [@crum2004]. Treat empirically [@stevens2014; @crum2004].",
    )
    article_services.article_submit(article=article, actor=editor)
    assignment = services.review_assign(article=article, reviewer=member, actor=admin_user)
    services.review_decide(
        assignment=assignment, actor=member.user, decision="approve", evidence_checked=True
    )

    version = article.published_versions.get()
    assert [r["key"] for r in version.references] == ["crum2004", "stevens2014"]
    assert "Bacterial pyomyositis in the United States" in version.references[0]["html"]
    assert '<a href="#ref-1"' in version.body_html and "[@crum2004]" not in version.body_html
    assert version.reviewers[0]["credentials"] == "MD, FACP"

    page = article_page(slug=article.slug)
    assert page.references == version.references


def test_an_unknown_key_added_during_review_refuses_the_approval(editor, admin_user, member):
    ReferenceFactory(key="crum2004")
    article = ArticleFactory(author=editor, body="Known [@crum2004].")
    article_services.article_submit(article=article, actor=editor)
    assignment = services.review_assign(article=article, reviewer=member, actor=admin_user)
    article.refresh_from_db()
    article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body="Known [@crum2004]. Added [@nosuch2020].",
    )
    assignment.refresh_from_db()
    assert assignment.state == "pending"  # no decision yet, so nothing went stale
    with pytest.raises(ArticleError, match="unknown citation key 'nosuch2020' in paragraph 1"):
        services.review_decide(
            assignment=assignment, actor=member.user, decision="approve", evidence_checked=True
        )
    article.refresh_from_db()
    assert article.status == "under_review"
    assert not article.published_versions.exists()
