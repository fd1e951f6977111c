"""Fixtures for the content API: a staff key, recorded look-ups, an empty cache."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.error import HTTPError

import pytest
from django.core.cache import cache

from api.keys import api_key_create
from references import lookup
from tests.readers.helpers import clerk

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached response and no rate-limit counters."""
    cache.clear()
    yield
    cache.clear()


class _Recorded:
    """Stands in for urllib's urlopen: Crossref and PubMed answers recorded in tests/data."""

    def __init__(self):
        self.requests = []

    def __call__(self, request, timeout):
        url = request.full_url
        self.requests.append(url)
        if "api.crossref.org" in url and "10.1093" in url:
            return io.BytesIO(
                (DATA_DIR / "lookup" / "crossref_10.1093_cid_ciu296.json").read_bytes()
            )
        if "efetch" in url and "24973422" in url:
            return io.BytesIO((DATA_DIR / "lookup" / "efetch_24973422.xml").read_bytes())
        raise HTTPError(url, 404, "Not Found", {}, None)


@pytest.fixture(autouse=True)
def recorded_lookups(monkeypatch):
    """No test reaches Crossref or PubMed: known identifiers answer from recordings."""
    recorded = _Recorded()
    monkeypatch.setattr(lookup, "urlopen", recorded)
    return recorded


@pytest.fixture
def key_pair(editor):
    """An editor's key and its secret."""
    return api_key_create(actor=clerk(), name="Upstream writers", user=editor)


@pytest.fixture
def api_client(client, key_pair):
    """A client that sends the key with every request."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key_pair[1]}"
    return client


@pytest.fixture
def data_dir() -> Path:
    return DATA_DIR
