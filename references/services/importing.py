"""Importing reference files and looking references up by DOI or PMID."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from articles.textclean import clean_line, strip_control

from .. import lookup
from ..exceptions import ReferenceImportRefused, ReferenceLibraryError, ReferenceLookupFailed
from ..identifiers import InvalidIdentifier, normalize_doi, normalize_pmid
from ..importers import FORMATS, ImportResult, UnsupportedFormat, decode, parse_references
from ..models import Citation, ImportState, Reference, ReferenceImport
from .citations import _sync, lock_for_attaching
from .common import require
from .library import _create_or_match

_PMID_LIKE = re.compile(r"(?i)(pmid\s*:?\s*)?\d{1,9}|(https?://)?pubmed\.ncbi\.nlm\.nih\.gov/\d+/?")

# Files larger than this run as a background job with a progress page (in-process when
# REDIS_URL is unset); smaller ones are imported within the request.
BACKGROUND_IMPORT_BYTES = 256 * 1024

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
    progress: Callable[[int, int], None] | None = None,
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
    total = len(result.entries)
    for done, (data, position) in enumerate(
        zip(result.entries, _entry_positions(result), strict=True)
    ):
        if progress is not None and done % 25 == 0:
            progress(done, total)
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


# --- large files in the background ---------------------------------------------------


@transaction.atomic
def reference_import_start(
    *, actor, content: bytes | str, filename: str = "", article: Article | None = None
) -> ReferenceImport:
    """Queue a large file for ``import_references_task``; nothing is imported yet.

    The file is decoded and cleaned now (``importers.decode``), so the job holds text.
    """
    require(actor, "references.add_reference", "import references")
    if article is not None:
        require(actor, "articles.change_article", "attach references to articles")
        lock_for_attaching(article)
    text = decode(content) if isinstance(content, bytes) else content
    job = ReferenceImport.objects.create(
        created_by=actor, filename=filename[:255], content=strip_control(text), article=article
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from ..tasks import import_references_task

    import_references_task.delay(job_id)


def reference_import_progress(job: ReferenceImport) -> tuple[int, int]:
    """``(entries done, entries in the file)`` of a running job, from the cache."""
    return cache.get(job.progress_key) or (0, job.total)


def reference_import_run(*, job: ReferenceImport) -> ReferenceImport:
    """Run a queued (or interrupted) job: all entries in one transaction, or none.

    Idempotent: a finished job is left as it is.
    """
    job = ReferenceImport.objects.get(pk=job.pk)
    if job.state in (ImportState.DONE, ImportState.FAILED):
        return job
    ReferenceImport.objects.filter(pk=job.pk).update(state=ImportState.RUNNING)

    def progress(done: int, total: int) -> None:
        cache.set(job.progress_key, (done, total), timeout=24 * 3600)

    try:
        report = reference_import(
            actor=job.created_by,
            content=job.content,
            filename=job.filename or None,
            article=job.article,
            progress=progress,
        )
    except ReferenceLibraryError as error:  # refused before anything was written
        ReferenceImport.objects.filter(pk=job.pk).update(
            state=ImportState.FAILED, message=error.message, finished_at=timezone.now()
        )
    except Exception:
        ReferenceImport.objects.filter(pk=job.pk).update(
            state=ImportState.FAILED,
            message="The import stopped on an unexpected error; nothing was imported. "
            "Try again, or split the file.",
            finished_at=timezone.now(),
        )
        raise
    else:
        ReferenceImport.objects.filter(pk=job.pk).update(
            state=ImportState.DONE,
            total=len(report.created) + len(report.matched) + len(report.errors),
            created_count=len(report.created),
            matched_count=len(report.matched),
            errors=report.errors,
            message=f"{report.summary} ({report.format_label}).",
            finished_at=timezone.now(),
        )
    cache.delete(job.progress_key)
    return ReferenceImport.objects.get(pk=job.pk)
