"""Fixtures for the reference tests: sample files live in tests/data/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from references import lookup

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture
def read_data():
    def read(name: str) -> str:
        return (DATA_DIR / name).read_text(encoding="utf-8")

    return read


class _NoNetwork:
    def __call__(self, request, timeout):
        raise AssertionError(f"a test tried to reach the network: {request.full_url}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """No test reaches Crossref or PubMed; `replay` serves recorded answers instead."""
    monkeypatch.setattr(lookup, "urlopen", _NoNetwork())


class Replay:
    """Stands in for urllib's urlopen: answers a recorded body (or raises), keeps requests."""

    def __init__(self, body: bytes = b"", error: Exception | None = None):
        self.body, self.error, self.requests = body, error, []

    def __call__(self, request, timeout):
        self.requests.append((request.full_url, timeout))
        if self.error:
            raise self.error
        return io.BytesIO(self.body)


@pytest.fixture
def replay(monkeypatch):
    def install(name: str = "", error: Exception | None = None) -> Replay:
        body = (DATA_DIR / "lookup" / name).read_bytes() if name else b""
        opener = Replay(body, error)
        monkeypatch.setattr(lookup, "urlopen", opener)
        return opener

    return install
