"""Each source's parser on replayed responses, including the traps of real records."""

import json
from datetime import date

import pytest

from freshness.checking import crossref, dailymed, pubmed
from tests.freshness.conftest import data


def _crossref(name):
    return crossref.parse_work(json.loads(data(name))["message"])


def test_crossref_retracted_work_counts_one_retraction_from_two_sources():
    found = _crossref("crossref_retracted_work.json")
    retraction = found.first("retraction")
    assert retraction.doi == "10.1016/s0140-6736(10)60175-4"
    # publisher and Retraction Watch both report it: one retraction, the earliest date
    assert retraction.date == date(2010, 2, 2)
    assert sorted(n.source for n in found.notices if n.kind == "retraction") == [
        "publisher",
        "retraction-watch",
    ]
    # a partial retraction is a correction, not a retraction
    assert found.first("correction").date == date(2004, 3, 6)


def test_crossref_retraction_notice_is_not_itself_retracted():
    """updated-by pointing at what it retracts (mirrored by update-to) and a self-DOI entry."""
    found = _crossref("crossref_retraction_notice.json")
    assert found.notices == []


def test_crossref_self_doi_entry_is_not_an_update():
    assert _crossref("crossref_clean.json").notices == []


def test_crossref_errata_and_concerns_are_not_retractions_and_null_lists_are_fine():
    found = _crossref("crossref_erratum_and_concern.json")
    assert found.first("retraction") is None
    assert found.first("correction").date == date(2015, 1, 15)
    assert found.first("concern").date == date(2016, 9, 1)  # month-only date


def test_crossref_retracted_title_is_a_secondary_signal():
    found = _crossref("crossref_title_only.json")
    assert [(n.kind, n.source) for n in found.notices] == [("retraction", "crossref-title")]


def test_crossref_absent_lists_and_odd_entries():
    assert crossref.parse_work({"DOI": "10.1/x"}).notices == []
    assert crossref.parse_work({"DOI": "10.1/x", "updated-by": None, "title": None}).notices == []
    odd = {"DOI": "10.1/x", "updated-by": ["junk", {"type": "new_version", "DOI": "10.1/y"}]}
    assert crossref.parse_work(odd).notices == []


def test_pubmed_efetch_publication_types_and_comments_corrections():
    found = pubmed.parse_efetch(data("pubmed_efetch_status.xml"))
    assert set(found) == {"9500320", "20137807", "24973422", "25765311", "15489318"}
    paper = found["9500320"]
    assert [n.pmid for n in paper.notices if n.kind == "retraction"] == ["20137807", "15016483"]
    # the notice of retraction ("RetractionOf", "Retraction of Publication") is not retracted
    assert found["20137807"].notices == []
    guideline = found["24973422"]
    assert {n.kind: n.pmid for n in guideline.notices} == {
        "correction": "25765311",
        "concern": "27000001",
        "update": "38000001",
    }
    # ErratumFor / ExpressionOfConcernFor / UpdateOf sit on notices: nothing for them
    assert found["25765311"].notices == []
    assert found["15489318"].notices == []


def test_pubmed_retracted_publication_type_alone_is_a_retraction():
    xml = (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        "<PublicationTypeList><PublicationType>Retracted Publication</PublicationType>"
        "</PublicationTypeList></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    [notice] = pubmed.parse_efetch(xml)["1"].notices
    assert notice.kind == "retraction" and notice.pmid == ""


@pytest.mark.parametrize(
    ("name", "version", "published"),
    [
        ("dailymed_history_ints.json", 12, date(2026, 2, 27)),
        ("dailymed_history_strings.json", 10, date(2023, 11, 11)),
    ],
)
def test_dailymed_latest_version_from_numbers_or_strings(name, version, published):
    latest = dailymed.parse_history(data(name))
    assert (latest.version, latest.published) == (version, published)


@pytest.mark.parametrize("name", ["dailymed_history_null.json", "dailymed_history_absent.json"])
def test_dailymed_null_or_absent_list_means_no_version(name):
    assert dailymed.parse_history(data(name)) is None
