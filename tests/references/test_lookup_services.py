"""Adding references by DOI (Crossref) and PMID (PubMed), replaying recorded answers."""

import json
from urllib.error import URLError

import pytest
from django.urls import reverse

from references import services
from references.exceptions import ReferenceLookupFailed
from references.models import Reference
from tests.references.factories import ReferenceFactory


def test_doi_lookup_adds_the_reference_from_crossref(editor, replay, settings):
    settings.REFERENCE_LOOKUP_TIMEOUT = 4.0
    settings.CROSSREF_MAILTO = "editors@example.org"
    opener = replay("crossref_10.1093_cid_ciu296.json")
    reference, created = services.reference_lookup(
        actor=editor, identifier="https://doi.org/10.1093/CID/ciu296"
    )
    assert created
    assert opener.requests == [("https://api.crossref.org/works/10.1093/cid/ciu296", 4.0)]
    assert reference.key == "stevens2014"
    assert reference.doi == "10.1093/cid/ciu296"
    assert reference.formatted_text.startswith("Stevens DL, Bisno AL, Chambers HF, et al.")
    assert reference.history.first().history_change_reason == "reference.lookup_doi"


def test_pmid_lookup_adds_the_reference_from_pubmed(editor, replay):
    opener = replay("efetch_24973422.xml")
    reference, created = services.reference_lookup(actor=editor, identifier="PMID: 24973422")
    assert created
    assert "id=24973422" in opener.requests[0][0]
    assert (reference.pmid, reference.doi) == ("24973422", "10.1093/cid/ciu296")
    assert reference.kind == "guideline"


def test_a_known_doi_is_answered_from_the_library_without_asking_crossref(editor):
    existing = ReferenceFactory(key="stevens2014", doi="10.1093/cid/ciu296")
    reference, created = services.reference_lookup(
        actor=editor, identifier="doi:10.1093/CID/ciu296"
    )
    assert (reference.pk, created) == (existing.pk, False)  # no_network would have failed


def test_pmid_lookup_of_a_work_stored_by_doi_matches_it(editor, replay):
    existing = ReferenceFactory(key="stevens2014", doi="10.1093/cid/ciu296")
    replay("efetch_24973422.xml")
    reference, created = services.reference_lookup(actor=editor, identifier="24973422")
    assert (reference.pk, created) == (existing.pk, False)
    assert Reference.objects.count() == 1


def test_lookups_switched_off_say_so(editor, settings):
    settings.REFERENCE_LOOKUPS_ENABLED = False
    with pytest.raises(ReferenceLookupFailed) as refused:
        services.reference_lookup(actor=editor, identifier="10.1093/cid/ciu296")
    assert refused.value.message == (
        "DOI lookup is switched off on this site. Enter the reference by hand or import it "
        "from a file."
    )
    assert not Reference.objects.exists()


def test_an_unreachable_service_gives_a_clear_error(editor, replay):
    replay(error=URLError(TimeoutError("timed out")))
    with pytest.raises(ReferenceLookupFailed, match="Crossref could not be reached"):
        services.reference_lookup(actor=editor, identifier="10.1093/cid/ciu296")
    assert not Reference.objects.exists()


def test_pubmed_not_knowing_the_pmid(editor, replay):
    replay("efetch_empty.xml")
    with pytest.raises(ReferenceLookupFailed, match="PubMed has no article with PMID 99999999"):
        services.reference_lookup(actor=editor, identifier="99999999")


def test_an_invalid_identifier_is_refused_before_any_request(editor):
    with pytest.raises(ReferenceLookupFailed, match="'banana' is not a DOI"):
        services.reference_lookup(actor=editor, identifier="banana")


# --- the editor's screen (JSON) and the admin ----------------------------------------


def test_editor_screen_lookup_answers_the_key_to_cite(client, editor, replay):
    replay("crossref_10.1093_cid_ciu296.json")
    client.force_login(editor)
    response = client.post(reverse("references:lookup"), {"identifier": "10.1093/cid/ciu296"})
    assert response.status_code == 200
    assert response.json()["key"] == "stevens2014"
    assert response.json()["created"] is True


def test_editor_screen_lookup_error_is_shown(client, editor, settings):
    settings.REFERENCE_LOOKUPS_ENABLED = False
    client.force_login(editor)
    response = client.post(reverse("references:lookup"), {"identifier": "24973422"})
    assert response.status_code == 400
    assert json.loads(response.content)["error"].startswith("PMID lookup is switched off")


def test_board_member_cannot_add_by_lookup(client, board_member):
    client.force_login(board_member)
    response = client.post(reverse("references:lookup"), {"identifier": "24973422"})
    assert response.status_code == 403
    assert not Reference.objects.exists()


def test_admin_lookup_adds_and_opens_the_reference(client, editor, replay):
    replay("crossref_book_chapter.json")
    client.force_login(editor)
    response = client.post(
        reverse("admin:references_reference_lookup"),
        {"identifier": "https://doi.org/10.1016/B978-1-4557-4801-3.00098-2"},
        follow=True,
    )
    reference = Reference.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:references_reference_change", args=[reference.pk]
    )
    assert f"Added '{reference.key}'. Check its fields against the source." in [
        str(m) for m in response.context["messages"]
    ]
    assert reference.kind == "book"


def test_admin_lookup_when_switched_off(client, editor, settings):
    settings.REFERENCE_LOOKUPS_ENABLED = False
    client.force_login(editor)
    response = client.post(
        reverse("admin:references_reference_lookup"), {"identifier": "10.1093/cid/ciu296"}
    )
    assert response.status_code == 200
    assert "DOI lookup is switched off on this site." in response.content.decode()
    assert not Reference.objects.exists()
