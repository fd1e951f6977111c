"""Importing reference files and looking references up by DOI or PMID."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from articles.models import Article
from articles.textclean import clean_line

from .. import lookup
from ..exceptions import ReferenceImportRefused, ReferenceLibraryError, ReferenceLookupFailed
from ..identifiers import InvalidIdentifier, normalize_doi, normalize_pmid
from ..importers import FORMATS, ImportResult, UnsupportedFormat, parse_references
from ..models import Citation, Reference
from .citations import _sync, lock_for_attaching
from .common import require
from .library import _create_or_match

_PMID_LIKE = re.compile(r"(?i)(pmid\s*:?\s*)?\d{1,9}|(https?://)?pubmed\.ncbi\.nlm\.nih\.gov/\d+/?")

# --- import and lookup ---------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: references created, existing ones matched, entries refused."""

    format: str
    created: list[Reference] = field(default_factory=list)
    matched: list[Reference] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def format_label(self) -> str:
        return FORMATS.get(self.format, self.format)

    @property
    def summary(self) -> str:
        errors = f"{len(self.errors)} error{'' if len(self.errors) == 1 else 's'}"
        return f"Imported {len(self.created)}, matched {len(self.matched)} existing, {errors}"


def _entry_positions(result: ImportResult) -> list[int | None]:
    """Position in the file of each good entry (the numbers the bad ones do not take)."""
    bad = {error.entry for error in result.errors}
    if None in bad:
        return [None] * len(result.entries)
    positions, n = [], 0
    for _ in result.entries:
        n += 1
        while n in bad:
            n += 1
        positions.append(n)
    return positions


@transaction.atomic
def reference_import(
    *,
    actor,
    content: bytes | str,
    filename: str | None = None,
    article: Article | None = None,
) -> ImportReport:
    """Import a RIS, BibTeX, PubMed (.nbib / XML) or CSL-JSON file.

    Good entries are imported (or matched to the existing reference), each bad one is
    reported with its position and reason; a file in none of the formats is refused and
    nothing is imported. With ``article`` every entry is attached to that article (and
    numbered, where its body already cites the key); an approved or archived article is
    refused before anything is imported, and stays locked until the import commits.
    """
    require(actor, "references.add_reference", "import references")
    if article is not None:
        require(actor, "articles.change_article", "attach references to articles")
        article = lock_for_attaching(article)
    try:
        result = parse_references(content, filename)
    except UnsupportedFormat as error:
        raise ReferenceImportRefused(f"Nothing was imported: {error}") from None
    report = ImportReport(format=result.format)
    errors: list[tuple[int, str]] = [(e.entry or 0, e.message) for e in result.errors]
    reason = f"reference.import ({filename})" if filename else "reference.import"
    for data, position in zip(result.entries, _entry_positions(result), strict=True):
        try:
            with transaction.atomic():
                reference, created = _create_or_match(actor=actor, data=data, reason=reason)
        except ReferenceLibraryError as error:
            where = f"Entry {position}" if position else f"Entry “{data.title[:60]}”"
            errors.append((position or 0, f"{where}: {error.message}"))
            continue
        (report.created if created else report.matched).append(reference)
    report.errors = [message for _, message in sorted(errors, key=lambda e: e[0])]
    if article is not None:
        for reference in [*report.created, *report.matched]:
            Citation.objects.get_or_create(article=article, reference=reference)
        _sync(article.pk)
    return report


def _lookup_settings() -> dict[str, Any]:
    return {
        "enabled": getattr(settings, "REFERENCE_LOOKUPS_ENABLED", True),
        "timeout": getattr(settings, "REFERENCE_LOOKUP_TIMEOUT", lookup.DEFAULT_TIMEOUT),
    }


def _refuse_hidden_characters(text: str) -> None:
    if clean_line(text or "") != (text or ""):
        raise ReferenceLookupFailed(
            "The identifier contains control or invisible characters (e.g. a NUL byte): "
            "type the DOI or PMID again rather than pasting it."
        )


def reference_lookup_doi(*, actor, doi: str) -> tuple[Reference, bool]:
    """Add the reference Crossref holds for a DOI; a DOI already stored returns that row."""
    require(actor, "references.add_reference", "add references")
    _refuse_hidden_characters(doi)
    try:
        normal = normalize_doi(doi)
    except InvalidIdentifier as error:
        raise ReferenceLookupFailed(str(error)) from None
    existing = Reference.objects.filter(doi=normal).first()
    if existing is not None:
        return existing, False
    try:
        data = lookup.lookup_doi(
            normal, mailto=getattr(settings, "CROSSREF_MAILTO", ""), **_lookup_settings()
        )
    except lookup.LookupFailed as error:
        raise ReferenceLookupFailed(str(error)) from None
    data.doi = data.doi or normal
    with transaction.atomic():
        return _create_or_match(actor=actor, data=data, reason="reference.lookup_doi")


def reference_lookup_pmid(*, actor, pmid: str) -> tuple[Reference, bool]:
    """Add the reference PubMed holds for a PMID; a PMID already stored returns that row."""
    require(actor, "references.add_reference", "add references")
    _refuse_hidden_characters(pmid)
    try:
        normal = normalize_pmid(pmid)
    except InvalidIdentifier as error:
        raise ReferenceLookupFailed(str(error)) from None
    existing = Reference.objects.filter(pmid=normal).first()
    if existing is not None:
        return existing, False
    try:
        data = lookup.lookup_pmid(
            normal, api_key=getattr(settings, "NCBI_API_KEY", ""), **_lookup_settings()
        )
    except lookup.LookupFailed as error:
        raise ReferenceLookupFailed(str(error)) from None
    data.pmid = data.pmid or normal
    with transaction.atomic():
        return _create_or_match(actor=actor, data=data, reason="reference.lookup_pmid")


def reference_lookup(*, actor, identifier: str) -> tuple[Reference, bool]:
    """A DOI (any spelling) or a PMID, whichever ``identifier`` is."""
    text = (identifier or "").strip()
    _refuse_hidden_characters(text)
    if _PMID_LIKE.fullmatch(text):
        return reference_lookup_pmid(actor=actor, pmid=text)
    return reference_lookup_doi(actor=actor, doi=text)
