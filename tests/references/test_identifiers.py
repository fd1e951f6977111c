import pytest

from references.identifiers import (
    InvalidIdentifier,
    clean_doi,
    clean_pmid,
    is_doi,
    normalize_doi,
    normalize_pmid,
)


@pytest.mark.parametrize(
    "value",
    [
        "10.1000/XYZ",
        "https://doi.org/10.1000/XYZ",
        "http://dx.doi.org/10.1000/xyz",
        "doi:10.1000/XYZ",
        "DOI: 10.1000/XYZ",
        "  10.1000/xyz  \n",
        "https://doi.org/10.1000%2Fxyz",
        "doi.org/10.1000/XYZ",
        "10.1000/xyz.",
    ],
)
def test_normalize_doi_accepts_the_usual_spellings(value):
    assert normalize_doi(value) == "10.1000/xyz"


def test_normalize_doi_keeps_the_suffix_punctuation():
    assert normalize_doi("10.1016/0002-9610(79)90158-2") == "10.1016/0002-9610(79)90158-2"


@pytest.mark.parametrize(
    "value", ["", "   ", "10.1000", "11.1000/xyz", "10.10/xyz", "pyomyositis", "10.1000/a b"]
)
def test_normalize_doi_refuses_non_dois(value):
    with pytest.raises(InvalidIdentifier, match=r"is not a DOI|The DOI is empty"):
        normalize_doi(value)


def test_invalid_doi_message_shows_the_value_and_an_example():
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_doi("smith2019")
    assert str(caught.value).startswith("'smith2019' is not a DOI")
    assert "10.1093/cid/ciu296" in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "value",
    [
        "24973422",
        " 24973422 ",
        "PMID: 24973422",
        "pmid:24973422",
        "PMID 24973422",
        24973422,
        "https://pubmed.ncbi.nlm.nih.gov/24973422/",
        "024973422",
    ],
)
def test_normalize_pmid(value):
    assert normalize_pmid(value) == "24973422"


@pytest.mark.parametrize("value", ["", "abc", "PMID: 12a", "0", "-5", "12.5", "1234567890"])
def test_normalize_pmid_refuses_non_numbers(value):
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_pmid(value)
    assert "PMID" in str(caught.value)


def test_lenient_helpers_return_empty_string():
    assert clean_doi("not a doi") == ""
    assert clean_pmid("x") == ""
    assert clean_doi("doi:10.1093/CID/ciu296") == "10.1093/cid/ciu296"
    assert is_doi("10.1093/cid/ciu296")
    assert not is_doi("ciu296")
