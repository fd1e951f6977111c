"""One row per work: records of the same work with different identifiers, and races."""

import pytest
from django.db import IntegrityError

from references import services
from references.data import ReferenceData, person
from references.models import Reference
from references.services import library


def data(**values) -> ReferenceData:
    values.setdefault("title", "Iliopsoas abscesses")
    values.setdefault("authors", [person("Mallick", "I. H.")])
    values.setdefault("year", 2004)
    return ReferenceData(**values)


@pytest.mark.parametrize(
    ("stored", "incoming"),
    [
        ({"pmid": "15059950"}, {"doi": "10.1136/pgmj.2003.010686"}),  # PMID only vs DOI only
        ({"doi": "10.1136/pgmj.2003.010686"}, {"pmid": "15059950"}),  # DOI only vs PMID only
        ({"doi": "10.1136/pgmj.2003.010686"}, {}),  # a DOI vs no identifier
        ({"pmid": "15059950"}, {}),  # a PMID vs no identifier
        ({}, {"doi": "10.1136/pgmj.2003.010686"}),  # no identifier vs a DOI
        (
            {"doi": "10.1136/pgmj.2003.010686"},
            {"doi": "10.1136/pgmj.2003.010686", "pmid": "15059950"},
        ),
    ],
)
def test_the_same_work_with_other_identifiers_matches_by_fingerprint(editor, stored, incoming):
    existing, _ = services.reference_create(actor=editor, data=data(**stored))
    again, created = services.reference_create(
        actor=editor, data=data(title="ILIOPSOAS ABSCESSES.", **incoming)
    )
    assert not created
    assert again.pk == existing.pk
    assert Reference.objects.count() == 1


@pytest.mark.parametrize(
    ("stored", "incoming"),
    [
        ({"doi": "10.1136/pgmj.2003.010686"}, {"doi": "10.1136/pgmj.2003.999999"}),
        ({"pmid": "15059950"}, {"pmid": "15059951"}),
        ({"doi": "10.1136/pgmj.2003.010686", "pmid": "15059950"}, {"pmid": "15059951"}),
    ],
)
def test_conflicting_identifiers_are_different_works_even_if_they_look_alike(
    editor, stored, incoming
):
    existing, _ = services.reference_create(actor=editor, data=data(**stored))
    other, created = services.reference_create(actor=editor, data=data(**incoming))
    assert created
    assert other.pk != existing.pk
    assert Reference.objects.count() == 2


def _as_if_racing(monkeypatch):
    """The competing row is committed by another transaction after our checks ran.

    Neither our ``find_existing`` nor ``full_clean``'s constraint check saw it (in a real
    race it was not committed yet), so the insert is the first to hit it.
    """
    calls = []
    real = library.find_existing

    def find_existing_unaware_once(data):
        calls.append(data)
        return None if len(calls) == 1 else real(data)

    monkeypatch.setattr(library, "find_existing", find_existing_unaware_once)
    monkeypatch.setattr(Reference, "validate_constraints", lambda self, exclude=None: None)
    return calls


def test_a_concurrent_create_of_the_same_doi_returns_the_winners_row(editor, monkeypatch):
    winner, _ = services.reference_create(actor=editor, data=data(doi="10.1136/pgmj.2003.010686"))
    calls = _as_if_racing(monkeypatch)
    history_before = Reference.history.count()

    again, created = services.reference_create(
        actor=editor,
        data=data(title="Another title", doi="https://doi.org/10.1136/PGMJ.2003.010686"),
    )

    assert (again.pk, created) == (winner.pk, False)
    assert len(calls) == 2  # asked again after the insert was refused
    assert Reference.objects.count() == 1
    assert Reference.history.count() == history_before  # the loser's history rolled back


def test_a_concurrent_import_of_the_same_pmid_is_matched_not_an_error(editor, monkeypatch):
    winner, _ = services.reference_create(actor=editor, data=data(pmid="15059950"))
    _as_if_racing(monkeypatch)
    bibtex = "@article{x, title={Something else}, year={2004}, pmid={15059950}}\n"
    report = services.reference_import(actor=editor, content=bibtex, filename="race.bib")
    assert report.summary == "Imported 0, matched 1 existing, 0 errors"
    assert report.matched == [winner]


def test_a_given_key_taken_meanwhile_is_a_refusal_not_a_server_error(editor, monkeypatch):
    monkeypatch.setattr(library, "_save", _raise_integrity_error)
    with pytest.raises(services.ReferenceLibraryError, match="The key 'mallick2004' is already"):
        services.reference_create(actor=editor, data=data(), key="mallick2004")
    assert Reference.objects.count() == 0


def _raise_integrity_error(*args, **kwargs):
    raise IntegrityError("UNIQUE constraint failed: references_reference.key")
