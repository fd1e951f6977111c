"""Fixtures for the stale-content tests: replayed service responses, articles with citations."""

from __future__ import annotations

import io
import json
from email.message import Message
from pathlib import Path
from urllib.error import HTTPError

import pytest

from freshness.checking import run
from references import lookup

DATA = Path(__file__).resolve().parent.parent / "data" / "freshness"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


class _Response(io.BytesIO):
    def __init__(self, body: bytes, headers: dict | None = None):
        super().__init__(body)
        self.headers = headers or {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FakeNetwork:
    """Replays recorded answers by URL substring; records every URL asked."""

    def __init__(self):
        self.routes: list[tuple[str, object]] = []
        self.urls: list[str] = []
        self.agents: list[str] = []

    def add(self, fragment: str, answer) -> None:
        """``answer``: bytes, a dict (JSON), an int (HTTP error code), an exception, or a
        list of those (one per call)."""
        self.routes.append((fragment, answer))

    def __call__(self, request, timeout):
        url = request.full_url
        self.urls.append(url)
        self.agents.append(request.get_header("User-agent"))
        for fragment, answer in self.routes:
            if fragment in url:
                if isinstance(answer, list):
                    answer = answer.pop(0) if len(answer) > 1 else answer[0]
                return self._answer(url, answer)
        raise AssertionError(f"unexpected request {url}")

    def _answer(self, url, answer):
        headers = {}
        if isinstance(answer, tuple):
            answer, headers = answer
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, int):
            msg = Message()
            for k, v in headers.items():
                msg[k] = v
            raise HTTPError(url, answer, "error", msg, io.BytesIO(b""))
        if isinstance(answer, dict):
            answer = json.dumps(answer).encode()
        return _Response(answer, headers)


@pytest.fixture
def network(monkeypatch):
    fake = FakeNetwork()
    monkeypatch.setattr(lookup, "urlopen", fake)
    slept: list[float] = []
    monkeypatch.setattr(run, "sleep", slept.append)
    fake.slept = slept
    return fake


@pytest.fixture
def member(board_member):
    from tests.review.factories import BoardMemberFactory

    return BoardMemberFactory(user=board_member, display_name="Jane Roe")


@pytest.fixture
def member2(board_member2):
    from tests.review.factories import BoardMemberFactory

    return BoardMemberFactory(user=board_member2, display_name="Sam Smith")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
