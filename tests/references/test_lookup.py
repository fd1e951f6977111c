"""Lookups replay recorded responses: `references.lookup.urlopen` is replaced, no network."""

import io
import socket
from datetime import date
from urllib.error import HTTPError, URLError

import pytest

from references import lookup
from references.data import Kind
from references.identifiers import InvalidIdentifier
from references.lookup import (
    LookupDisabled,
    LookupNotFound,
    LookupUnavailable,
    lookup_doi,
    lookup_pmid,
)


class FakeOpener:
    """Stands in for urllib.request.urlopen: returns a body or raises, records calls."""

    def __init__(self, body: bytes = b"", error: Exception | None = None):
        self.body = body
        self.error = error
        self.requests = []

    def __call__(self, request, timeout):
        self.requests.append((request, timeout))
        if self.error:
            raise self.error
        return io.BytesIO(self.body)


@pytest.fixture
def serve(monkeypatch):
    def install(body: bytes = b"", error: Exception | None = None) -> FakeOpener:
        opener = FakeOpener(body, error)
        monkeypatch.setattr(lookup, "urlopen", opener)
        return opener

    return install


def http_error(url: str, code: int) -> HTTPError:
    return HTTPError(url, code, "error", hdrs=None, fp=io.BytesIO(b"Resource not found."))


def test_lookup_doi_parses_crossref(serve, data_dir):
    opener = serve((data_dir / "lookup/crossref_10.1093_cid_ciu296.json").read_bytes())
    data = lookup_doi("https://doi.org/10.1093/CID/ciu296", timeout=3.5, mailto="ed@example.org")
    request, timeout = opener.requests[0]
    assert request.full_url == "https://api.crossref.org/works/10.1093/cid/ciu296"
    assert "mailto:ed@example.org" in request.get_header("User-agent")
    assert timeout == 3.5
    assert data.kind == Kind.RESEARCH
    assert data.title.startswith("Practice Guidelines for the Diagnosis and Management")
    assert len(data.authors) == 10
    assert data.authors[0] == {"family": "Stevens", "given": "Dennis L."}
    assert data.container_title == "Clinical Infectious Diseases"
    assert (data.year, data.published) == (2014, date(2014, 7, 15))  # print, not online date
    assert (data.volume, data.issue, data.pages) == ("59", "2", "e10-e52")
    assert data.doi == "10.1093/cid/ciu296"
    assert data.url == ""  # AMA prints the DOI
    assert data.publisher == "Oxford University Press (OUP)"


def test_lookup_doi_book_chapter_strips_markup(serve, data_dir):
    serve((data_dir / "lookup/crossref_book_chapter.json").read_bytes())
    data = lookup_doi("10.1016/b978-1-4557-4801-3.00098-2")
    assert data.kind == Kind.BOOK
    assert data.container_title.startswith("Mandell, Douglas, and Bennett")
    assert data.authors[1] == {"literal": "Working Group on Streptococcus Infections"}
    assert data.year == 2015


def test_lookup_doi_not_found(serve):
    serve(error=http_error("https://api.crossref.org/works/10.1000/nope", 404))
    with pytest.raises(LookupNotFound) as caught:
        lookup_doi("10.1000/nope")
    assert "Crossref does not know DOI 10.1000/nope" in str(caught.value)


@pytest.mark.parametrize(
    "error",
    [
        URLError(socket.gaierror("Name or service not known")),
        TimeoutError("timed out"),
        ConnectionResetError("reset"),
    ],
)
def test_lookup_doi_unreachable(serve, error):
    serve(error=error)
    with pytest.raises(LookupUnavailable) as caught:
        lookup_doi("10.1093/cid/ciu296")
    assert str(caught.value).startswith("Crossref could not be reached to look up DOI")
    assert "enter the reference by hand" in str(caught.value)


def test_lookup_doi_server_error_is_unavailable(serve):
    serve(error=http_error("https://api.crossref.org/works/x", 503))
    with pytest.raises(LookupUnavailable) as caught:
        lookup_doi("10.1093/cid/ciu296")
    assert "answered 503" in str(caught.value)


def test_lookup_doi_garbage_answer_is_unavailable(serve):
    serve(b"<html>maintenance</html>")
    with pytest.raises(LookupUnavailable, match="sent an answer for DOI .* that could not be read"):
        lookup_doi("10.1093/cid/ciu296")


def test_lookup_disabled_makes_no_request(serve):
    opener = serve(b"{}")
    with pytest.raises(LookupDisabled) as caught:
        lookup_doi("10.1093/cid/ciu296", enabled=False)
    assert "switched off" in str(caught.value)
    # LookupDisabled is a LookupUnavailable
    with pytest.raises(LookupUnavailable, match="PMID lookup is switched off on this site"):
        lookup_pmid("24973422", enabled=False)
    assert opener.requests == []


def test_invalid_identifiers_are_refused_before_any_request(serve):
    opener = serve(b"{}")
    with pytest.raises(InvalidIdentifier, match="'smith2019' is not a DOI"):
        lookup_doi("smith2019")
    with pytest.raises(InvalidIdentifier, match="'PMID: abc' is not a PubMed ID"):
        lookup_pmid("PMID: abc")
    assert opener.requests == []


def test_lookup_pmid_parses_efetch_xml(serve, data_dir):
    opener = serve((data_dir / "lookup/efetch_24973422.xml").read_bytes())
    data = lookup_pmid("PMID: 24973422", timeout=2, api_key="k3y")
    request, timeout = opener.requests[0]
    assert request.full_url.startswith(
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&id=24973422"
    )
    assert "retmode=xml" in request.full_url
    assert "api_key=k3y" in request.full_url
    assert timeout == 2
    assert data.kind == Kind.GUIDELINE
    assert data.pmid == "24973422"
    assert data.doi == "10.1093/cid/ciu296"
    assert data.pages == "e10-e52"
    assert data.container_title_short == "Clin Infect Dis"
    assert data.authors[-1] == {"literal": "Infectious Diseases Society of America"}


def test_lookup_pmid_unknown(serve, data_dir):
    serve((data_dir / "lookup/efetch_empty.xml").read_bytes())
    with pytest.raises(LookupNotFound) as caught:
        lookup_pmid("99999999")
    assert str(caught.value) == "PubMed has no article with PMID 99999999. Check the number."


def test_lookup_pmid_error_page(serve):
    serve(b"<html><body>Bad gateway")
    with pytest.raises(LookupUnavailable) as caught:
        lookup_pmid("24973422")
    assert "could not be read" in str(caught.value)


def test_lookup_pmid_timeout(serve):
    serve(error=TimeoutError("timed out"))
    with pytest.raises(LookupUnavailable) as caught:
        lookup_pmid("24973422")
    assert "PubMed could not be reached to look up PMID 24973422" in str(caught.value)
