"""The board's approval freezes the numbered body and the AMA reference list."""

from articles import services as article_services
from articles.selectors import public_article
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
    services.review_decide(assignment=assignment, actor=member.user, decision="approve")

    version = article.published_versions.get()
    assert [r["key"] for r in version.references] == ["crum2004", "stevens2014"]
    assert "Bacterial pyomyositis in the United States" in version.references[0]["html"]
    assert '<a href="#ref-1"' in version.body_html and "[@crum2004]" not in version.body_html
    assert version.reviewers[0]["credentials"] == "MD, FACP"

    page = public_article(slug=article.slug)
    assert page.references == version.references
