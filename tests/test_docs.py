"""The repository stands on its own: its product overview and contributor notes are in
it, and what they link to is in it too (nothing points at a folder a clone lacks)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OWN_DOCS = ["README.md", "docs/product.md", "CONTRIBUTING.md"]
LINK = re.compile(r"\]\(([^)#\s]+)")


@pytest.mark.parametrize("name", OWN_DOCS)
def test_the_docs_are_in_the_repository_and_their_links_resolve(name):
    path = ROOT / name
    text = path.read_text()
    assert "../shared" not in text
    for target in LINK.findall(text):
        if "://" in target:
            continue
        assert (path.parent / target).resolve().is_relative_to(ROOT), target
        assert (path.parent / target).exists(), f"{name} links to missing {target}"


def test_contributor_notes_name_where_rules_live_and_how_to_test():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    for needed in ["review → references → articles", "articles/extensions.py", "make test"]:
        assert needed in text
