"""Fixtures for the reference tests: sample files live in tests/data/."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture
def read_data():
    def read(name: str) -> str:
        return (DATA_DIR / name).read_text(encoding="utf-8")

    return read
