"""The citation helper on the article form and the library search it calls."""

from django.urls import reverse

from references.data import person
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory


def test_article_form_carries_the_cite_helper(client, editor):
    article = ArticleFactory(author=editor, slug="psoas")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    page = page.decode()
    assert 'id="cite-helper"' in page
    assert reverse("references:search") in page
    assert "references/cite_helper.js" in page
    assert reverse("references:export_ris", args=["psoas"]) in page


def test_the_helper_is_offered_once(settings):
    from articles import extensions

    assert extensions.admin_editor_tools().count("references/admin/cite_helper.html") == 1


def test_search_finds_by_title_author_key_doi_and_pmid(client, editor):
    ReferenceFactory(
        key="liu2011",
        title="Clinical practice guidelines for MRSA infections",
        authors=[person("Liu", "Catherine"), person("Bayer", "Arnold")],
        year=2011,
        doi="10.1093/cid/ciq146",
        pmid="21208910",
    )
    ReferenceFactory(key="crum2004", title="Bacterial pyomyositis in the United States")
    client.force_login(editor)

    def keys(q):
        response = client.get(reverse("references:search"), {"q": q})
        return [r["key"] for r in response.json()["results"]]

    assert keys("MRSA") == ["liu2011"]
    assert keys("bayer 2011") == ["liu2011"]
    assert keys("@crum") == ["crum2004"]
    assert keys("https://doi.org/10.1093/CID/ciq146") == ["liu2011"]
    assert keys("PMID: 21208910") == ["liu2011"]
    assert keys("nothing-like-this") == []
    first = client.get(reverse("references:search"), {"q": "liu2011"}).json()["results"][0]
    assert first["label"] == "Liu C et al, 2011. Clinical practice guidelines for MRSA infections"


def test_search_needs_a_login_and_the_view_permission(client, outsider):
    response = client.get(reverse("references:search"), {"q": "x"})
    assert response.status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("references:search"), {"q": "x"}).status_code == 403
