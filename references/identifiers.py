"""Normalising DOIs and PubMed IDs so that one reference is stored once.

Decisions:

- DOIs are compared case-insensitively (the DOI Handbook says so), so the normal form
  is lower case, without any resolver prefix: ``10.1093/cid/ciu296``.
- Accepted DOI spellings: bare, ``doi:``/``DOI:`` prefixed, or a resolver URL
  (``https://doi.org/``, ``http://dx.doi.org/``, ``doi.org/``), percent-encoded or not.
  A trailing full stop is dropped, since DOIs copied out of a reference list carry one.
- A DOI must look like ``10.<4-9 digits>/<suffix without spaces>``; anything else is
  refused rather than guessed at.
- PMIDs are positive integers; ``PMID:`` prefixes and PubMed URLs are accepted, leading
  zeros are dropped.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_DOI_PREFIX = re.compile(
    r"^(?:https?://)?(?:dx\.)?doi\.org/|^doi:\s*|^info:doi/",
    re.IGNORECASE,
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID_PREFIX = re.compile(
    r"^(?:pmid\s*:?\s*|(?:https?://)?pubmed\.ncbi\.nlm\.nih\.gov/)",
    re.IGNORECASE,
)
_PMID = re.compile(r"^\d{1,9}$")


class InvalidIdentifier(ValueError):
    """A DOI or PMID that cannot be read; the message says what was wrong."""


def normalize_doi(value: str) -> str:
    """Return the normal form of a DOI (``10.1000/xyz``) or raise `InvalidIdentifier`."""
    text = (value or "").strip()
    if not text:
        raise InvalidIdentifier("The DOI is empty.")
    bare = _DOI_PREFIX.sub("", text, count=1).strip()
    bare = unquote(bare).rstrip(".").lower()
    if not _DOI.match(bare):
        raise InvalidIdentifier(
            f"'{text}' is not a DOI: a DOI looks like 10.1093/cid/ciu296 "
            "(optionally written as https://doi.org/10.1093/cid/ciu296 or doi:10.1093/cid/ciu296)."
        )
    return bare


def normalize_pmid(value: str | int) -> str:
    """Return a PubMed ID as a string of digits or raise `InvalidIdentifier`."""
    text = str(value if value is not None else "").strip()
    if not text:
        raise InvalidIdentifier("The PMID is empty.")
    bare = _PMID_PREFIX.sub("", text, count=1).strip().rstrip("/")
    if not _PMID.match(bare) or int(bare) == 0:
        raise InvalidIdentifier(
            f"'{text}' is not a PubMed ID: a PMID is a number such as 24973422 "
            "(optionally written as PMID: 24973422)."
        )
    return str(int(bare))


def is_doi(value: str) -> bool:
    """True when `normalize_doi` would accept the value."""
    try:
        normalize_doi(value)
    except InvalidIdentifier:
        return False
    return True


def clean_doi(value: str) -> str:
    """Normalised DOI, or ``""`` when the value is empty or not a DOI (for importers)."""
    try:
        return normalize_doi(value)
    except InvalidIdentifier:
        return ""


def clean_pmid(value: str | int) -> str:
    """Normalised PMID, or ``""`` when the value is empty or not a PMID (for importers)."""
    try:
        return normalize_pmid(value)
    except InvalidIdentifier:
        return ""
