"""A lookup without network says so in words, never ``[Errno -2] Name or service not known``."""

import socket
from urllib.error import URLError

import pytest

from references.lookup import LookupUnavailable, lookup_doi, lookup_pmid
from tests.references.test_lookup import serve  # noqa: F401 - fixture


def test_no_network_is_said_in_words_with_what_to_do(serve):  # noqa: F811
    serve(error=URLError(socket.gaierror(-2, "Name or service not known")))
    with pytest.raises(LookupUnavailable) as caught:
        lookup_doi("10.1093/cid/ciu296")
    message = str(caught.value)
    assert "Errno" not in message and "Name or service not known" not in message
    assert message == (
        "Crossref could not be reached to look up DOI 10.1093/cid/ciu296: this server has no "
        "network connection or cannot look up the service's address. Check that this server "
        "can reach the internet, try again later, or enter the reference by hand."
    )


def test_a_timeout_says_how_long_it_waited(serve):  # noqa: F811
    serve(error=URLError(TimeoutError("timed out")))
    with pytest.raises(LookupUnavailable) as caught:
        lookup_pmid("24973422", timeout=4)
    assert "PubMed could not be reached to look up PMID 24973422: no answer within 4 seconds" in (
        str(caught.value)
    )
