"""An approval vouches for the exact sources cited: they are part of the content hash."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.substance import content_hash_of
from references import services
from references.selectors import cited_reference_identities
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory


def test_the_cited_references_are_listed_in_order_of_first_appearance(editor):
    ReferenceFactory(key="liu2011", doi="10.1093/cid/ciq146")
    ReferenceFactory(key="crum2004", pmid="15172393")
    article = ArticleFactory(
        author=editor, body="A [@crum2004]. B [@liu2011; @crum2004]. C [@unknown2020]."
    )
    identities = cited_reference_identities(article)
    assert [(i["key"], i["doi"], i["pmid"]) for i in identities] == [
        ("crum2004", "", "15172393"),
        ("liu2011", "10.1093/cid/ciq146", ""),
    ]
    assert identities[0]["text"].startswith("Crum NF.")


def test_correcting_a_cited_references_title_or_doi_changes_the_hash(editor):
    ref = ReferenceFactory(key="liu2011", doi="10.1093/cid/ciq146")
    article = ArticleFactory(author=editor, body="See [@liu2011].")
    first = content_hash_of(article)

    services.reference_update(reference=ref, actor=editor, title="A corrected title")
    second = content_hash_of(article)
    assert second != first

    services.reference_update(reference=ref, actor=editor, doi="10.1093/cid/ciq147")
    assert content_hash_of(article) not in (first, second)


def test_changing_an_uncited_reference_leaves_the_hash_alone(editor):
    ReferenceFactory(key="liu2011")
    other = ReferenceFactory(key="crum2004")
    article = ArticleFactory(author=editor, body="See [@liu2011].")
    services.citation_attach(article=article, reference=other, actor=editor)  # attached only
    before = content_hash_of(article)
    services.reference_update(
        reference=other, actor=editor, title="Retitled", doi="10.1000/retitled"
    )
    assert content_hash_of(article) == before


def test_resolving_an_unknown_key_changes_the_hash(editor):
    article = ArticleFactory(author=editor, body="See [@smith2019].")
    before = content_hash_of(article)
    ReferenceFactory(key="smith2019")
    assert content_hash_of(article) != before


def _queries(article) -> int:
    with CaptureQueriesContext(connection) as captured:
        content_hash_of(article)
    return len(captured)


def test_the_hash_costs_one_query_whatever_the_number_of_citations(editor):
    keys = [f"ref{n}" for n in range(40)]
    for key in keys:
        ReferenceFactory(key=key)
    one = ArticleFactory(author=editor, body="[@ref0]")
    forty = ArticleFactory(author=editor, body=" ".join(f"[@{key}]" for key in keys))
    uncited = ArticleFactory(author=editor, body="No citations.")
    assert _queries(one) == _queries(forty) == 1
    assert _queries(uncited) == 0
