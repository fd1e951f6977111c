"""Adding, editing and deleting references: one row per work, keys that stay put."""

import re

import pytest

from references import services
from references.data import Kind, ReferenceData, organisation, person
from references.exceptions import DuplicateReference, ReferenceInUse, ReferenceLibraryError
from references.models import Reference
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory


def data(**values) -> ReferenceData:
    values.setdefault("title", "Clinical practice guidelines for MRSA infections")
    values.setdefault("authors", [person("Liu", "Catherine")])
    values.setdefault("year", 2011)
    return ReferenceData(**values)


def test_key_is_made_from_first_author_and_year_with_a_suffix_on_collision(editor):
    first, _ = services.reference_create(actor=editor, data=data(title="One"))
    second, _ = services.reference_create(actor=editor, data=data(title="Two"))
    third, _ = services.reference_create(actor=editor, data=data(title="Three"))
    assert [first.key, second.key, third.key] == ["liu2011", "liu2011a", "liu2011b"]


def test_key_of_an_organisation_is_its_initials(editor):
    ref, _ = services.reference_create(
        actor=editor,
        data=data(authors=[organisation("Infectious Diseases Society of America")], year=2014),
    )
    assert ref.key == "idsa2014"


def test_create_records_history_with_actor_and_reason(editor):
    ref, created = services.reference_create(actor=editor, data=data(), comment="for the psoas")
    assert created
    record = ref.history.first()
    assert record.history_user == editor
    assert record.history_change_reason == "reference.create: for the psoas"
    assert ref.formatted_text.startswith("Liu C. Clinical practice guidelines")


@pytest.mark.parametrize(
    ("stored", "given"),
    [
        ({"doi": "10.1093/cid/ciq146"}, {"doi": "https://doi.org/10.1093/CID/CIQ146"}),
        ({"doi": "10.1093/cid/ciq146"}, {"doi": "doi:10.1093/cid/ciq146."}),
        ({"pmid": "21208910"}, {"pmid": "PMID: 21208910"}),
        ({"pmid": "21208910"}, {"pmid": "https://pubmed.ncbi.nlm.nih.gov/21208910/"}),
    ],
)
def test_adding_a_known_doi_or_pmid_returns_the_existing_reference(editor, stored, given):
    existing, _ = services.reference_create(actor=editor, data=data(**stored))
    again, created = services.reference_create(
        actor=editor, data=data(title="A different title", year=2012, **given)
    )
    assert not created
    assert again.pk == existing.pk
    assert Reference.objects.count() == 1


def test_identifiers_are_stored_in_normal_form(editor):
    ref, _ = services.reference_create(
        actor=editor, data=data(doi="https://dx.doi.org/10.1093/CID/ciq146", pmid="PMID:021208910")
    )
    assert (ref.doi, ref.pmid) == ("10.1093/cid/ciq146", "21208910")


def test_an_unreadable_doi_is_refused_naming_it(editor):
    with pytest.raises(ReferenceLibraryError, match="'10.10/x' is not a DOI"):
        services.reference_create(actor=editor, data=data(doi="10.10/x"))
    assert not Reference.objects.exists()


def test_changing_a_doi_to_another_references_doi_is_refused(editor):
    ReferenceFactory(key="liu2011", doi="10.1093/cid/ciq146")
    other = ReferenceFactory(key="crum2004")
    with pytest.raises(DuplicateReference) as refused:
        services.reference_update(
            reference=other, actor=editor, doi="https://doi.org/10.1093/cid/ciq146"
        )
    assert refused.value.message.startswith(
        "DOI 10.1093/cid/ciq146 already belongs to the reference 'liu2011'"
    )
    other.refresh_from_db()
    assert other.doi == ""


def test_update_reformats_and_records_the_change(editor):
    ref = ReferenceFactory(key="crum2004", title="Old title")
    updated = services.reference_update(
        reference=ref, actor=editor, title="Bacterial pyomyositis", comment="typo"
    )
    assert "Bacterial pyomyositis." in updated.formatted_text
    assert updated.history.first().history_change_reason == "reference.update: typo"


def test_update_that_changes_nothing_writes_nothing(editor):
    ref = ReferenceFactory(key="crum2004")
    before = ref.history.count()
    services.reference_update(reference=ref, actor=editor, title=ref.title)
    assert ref.history.count() == before


def test_key_of_a_cited_reference_cannot_change(editor):
    ref = ReferenceFactory(key="liu2011")
    article = ArticleFactory(author=editor, title="What treats MRSA?", body="See [@liu2011].")
    services.citations_sync(article=article)
    with pytest.raises(ReferenceInUse) as refused:
        services.reference_update(reference=ref, actor=editor, key="liu2011x")
    assert refused.value.message.startswith(
        "The key 'liu2011' cannot be changed to 'liu2011x': it is cited by 1 article: "
        "“What treats MRSA?” (reference 1)."
    )
    ref.refresh_from_db()
    assert ref.key == "liu2011"


def test_key_change_and_delete_see_a_citation_added_by_an_edit_at_once(editor, admin_user):
    """The citation list is synced in the edit's own transaction, not after commit."""
    from articles import services as article_services

    ref = ReferenceFactory(key="liu2011")
    article = article_services.article_create(actor=editor, title="What treats MRSA?", body="-")
    article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body="See [@liu2011].",
    )
    with pytest.raises(ReferenceInUse, match="The key 'liu2011' cannot be changed to 'x2011'"):
        services.reference_update(reference=ref, actor=editor, key="x2011")
    with pytest.raises(ReferenceInUse, match="cited by 1 article: “What treats MRSA\\?”"):
        services.reference_delete(reference=ref, actor=admin_user)
    ref.refresh_from_db()
    assert ref.key == "liu2011"


def test_key_of_an_uncited_reference_can_change(editor):
    ref = ReferenceFactory(key="liu2011")
    assert services.reference_update(reference=ref, actor=editor, key="liu2011mrsa").key == (
        "liu2011mrsa"
    )


def test_a_malformed_key_is_refused(editor):
    with pytest.raises(ReferenceLibraryError, match="A citation key starts with a letter"):
        services.reference_create(actor=editor, data=data(), key="has space")


def test_a_cited_reference_cannot_be_deleted_and_the_refusal_names_the_articles(editor, admin_user):
    ref = ReferenceFactory(key="liu2011")
    one = ArticleFactory(author=editor, title="What treats MRSA?", body="See [@liu2011].")
    two = ArticleFactory(author=editor, title="What is psoas myositis?", body="No marker yet.")
    services.citations_sync(article=one)
    services.citation_attach(article=two, reference=ref, actor=editor)
    with pytest.raises(ReferenceInUse) as refused:
        services.reference_delete(reference=ref, actor=admin_user)
    assert refused.value.message == (
        "The reference 'liu2011' cannot be deleted: it is cited by 2 articles: "
        "“What is psoas myositis?” (attached, not cited), “What treats MRSA?” (reference 1). "
        "A cited reference is kept for as long as any article uses it."
    )
    assert Reference.objects.filter(pk=ref.pk).exists()


def test_an_unused_reference_can_be_deleted_by_an_admin_and_history_remains(admin_user):
    ref = ReferenceFactory(key="liu2011")
    services.reference_delete(reference=ref, actor=admin_user)
    assert not Reference.objects.filter(pk=ref.pk).exists()
    last = Reference.history.filter(id=ref.pk).first()
    assert (last.history_type, last.history_user) == ("-", admin_user)


def test_editors_cannot_delete_and_board_members_cannot_add(editor, board_member):
    ref = ReferenceFactory(key="liu2011")
    with pytest.raises(services.ActionForbidden, match="not allow you to delete references"):
        services.reference_delete(reference=ref, actor=editor)
    with pytest.raises(services.ActionForbidden, match="not allow you to add references"):
        services.reference_create(actor=board_member, data=data(title="Other"))
    assert Reference.objects.count() == 1


def test_unknown_fields_are_refused(editor):
    ref = ReferenceFactory(key="liu2011")
    with pytest.raises(ReferenceLibraryError, match=re.escape("cannot be edited here: pk")):
        services.reference_update(reference=ref, actor=editor, pk=5)


def test_kinds_are_those_of_the_issue():
    assert [k.value for k in Kind] == [
        "guideline",
        "research",
        "review",
        "drug_label",
        "book",
        "web",
    ]
