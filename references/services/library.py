"""Adding, editing and deleting references (see ``references.services``)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import extensions as article_extensions
from articles.models import Article
from articles.textclean import clean_line

from ..data import ReferenceData
from ..exceptions import DuplicateReference, ReferenceInUse, ReferenceLibraryError
from ..formatting import format_reference
from ..identifiers import InvalidIdentifier, normalize_doi, normalize_pmid
from ..markers import cited_keys
from ..models import DATA_FIELDS, Reference, fingerprint, folded
from ..selectors import citing_summary, deletion_refusal
from .citations import _sync
from .common import require

STATUS_FIELDS = (
    "retracted",
    "retraction_notice",
    "retracted_on",
    "superseded_by",
    "last_checked_at",
    "retraction_notice_doi",
    "concern",
    "concern_on",
    "corrected",
    "corrected_on",
    "superseded_on",
    "superseded_notice",
    "status_source",
    "label_cited_version",
)
# What the status checkers (freshness.checking) may record, with no user behind them.
CHECKED_STATUS_FIELDS = (
    "retracted",
    "retracted_on",
    "retraction_notice",
    "retraction_notice_doi",
    "concern",
    "concern_on",
    "corrected",
    "corrected_on",
    "superseded_on",
    "superseded_notice",
    "status_source",
    "label_latest_version",
    "label_latest_published",
)
UPDATABLE_FIELDS = {*DATA_FIELDS, "key", *STATUS_FIELDS}
_STOPWORDS = {"of", "the", "and", "for", "on", "in", "a", "an", "to", "de", "&"}


# --- helpers -------------------------------------------------------------------------


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        parts = []
        for name, errors in error.message_dict.items():
            label = "" if name == "__all__" else f"{name}: "
            parts.extend(f"{label}{message}" for message in errors)
        return "; ".join(parts)
    return "; ".join(error.messages)


def _validate(reference: Reference) -> None:
    try:
        reference.full_clean()
    except ValidationError as error:
        raise ReferenceLibraryError(
            f"The reference cannot be saved: {_validation_message(error)}"
        ) from None


def _normalise_identifiers(values: dict[str, Any]) -> None:
    """DOI/PMID to normal form in place; an unreadable one is refused, naming it."""
    try:
        if values.get("doi"):
            values["doi"] = normalize_doi(values["doi"])
        if values.get("pmid"):
            values["pmid"] = normalize_pmid(values["pmid"])
    except InvalidIdentifier as error:
        raise ReferenceLibraryError(str(error)) from None


def _format(reference: Reference) -> None:
    formatted = format_reference(reference.to_data())
    reference.formatted_html, reference.formatted_text = formatted.html, formatted.text


def _save(reference: Reference, *, actor, reason: str, comment: str = "") -> None:
    reference.refresh_derived()
    _format(reference)
    reference.updated_at = timezone.now()
    reference._history_user = actor
    reference._change_reason = f"{reason}: {comment}" if comment else reason
    reference.save()


def _duplicate_of(*, doi: str = "", pmid: str = "", exclude_pk: int | None = None):
    """The other reference holding this DOI or PMID, with a sentence saying so."""
    others = Reference.objects.exclude(pk=exclude_pk)
    if doi and (other := others.filter(doi=doi).first()):
        return other, f"DOI {doi}"
    if pmid and (other := others.filter(pmid=pmid).first()):
        return other, f"PMID {pmid}"
    return None, ""


def _conflicting(stored: str, incoming: str) -> bool:
    return bool(stored and incoming and stored != incoming)


def find_existing(data: ReferenceData) -> Reference | None:
    """The stored reference for the same work (see the module docstring), or None.

    DOI, then PMID; failing both, the fingerprint (kind, title, year, first author) finds
    it even when the two records carry different identifiers — a row with only a PMID and
    an incoming one with only a DOI, or a row with a DOI and an incoming one with none —
    unless the two hold conflicting identifiers (two DOIs, or two PMIDs, that differ):
    then they are different works that happen to look alike.
    """
    existing, _ = _duplicate_of(doi=data.doi, pmid=data.pmid)
    if existing is not None:
        return existing
    for candidate in Reference.objects.filter(fingerprint=fingerprint(data)).order_by("pk"):
        if not (_conflicting(candidate.doi, data.doi) or _conflicting(candidate.pmid, data.pmid)):
            return candidate
    return None


def _key_stem(data: ReferenceData) -> str:
    first = data.authors[0] if data.authors else {}
    if first.get("family"):
        name = first["family"]
    else:
        name = first.get("literal") or data.issuing_body or data.manufacturer or ""
        words = [w for w in re.findall(r"[^\W_]+", name) if w.lower() not in _STOPWORDS]
        if len(words) > 2:  # "Infectious Diseases Society of America" -> "idsa"
            name = "".join(w[0] for w in words)
    if not name:
        words = [w for w in re.findall(r"[^\W_]+", data.title) if w.lower() not in _STOPWORDS]
        name = words[0] if words else "ref"
    return (folded(name)[:30] or "ref") + (str(data.year) if data.year else "nd")


def generate_key(data: ReferenceData) -> str:
    """``liu2011`` from the first author and the year; ``liu2011a``, ``liu2011b``… if taken."""
    stem = _key_stem(data)
    taken = set(Reference.objects.filter(key__startswith=stem).values_list("key", flat=True))
    if stem not in taken:
        return stem
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if f"{stem}{suffix}" not in taken:
            return f"{stem}{suffix}"
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def clean_reference_data(data: ReferenceData) -> ReferenceData:
    """Strip control and invisible formatting characters from every text field and author
    name (imports and look-ups; see ``articles.textclean``), in place."""
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if isinstance(value, str):
            setattr(data, f.name, clean_line(value))
    data.authors = [
        {k: clean_line(v) if isinstance(v, str) else v for k, v in author.items()}
        for author in data.authors
        if isinstance(author, dict)
    ]
    return data


def _create_or_match(
    *, actor, data: ReferenceData, key: str = "", reason: str, comment: str = ""
) -> tuple[Reference, bool]:
    clean_reference_data(data)
    values = {"doi": data.doi, "pmid": data.pmid}
    _normalise_identifiers(values)
    data.doi, data.pmid = values["doi"] or "", values["pmid"] or ""
    existing = find_existing(data)
    if existing is not None:
        return existing, False
    if key and Reference.objects.filter(key=key).exists():
        raise _key_taken(key)
    for _attempt in range(3):
        reference = Reference()
        reference.apply_data(data)
        reference.key = key or generate_key(data)
        _validate(reference)
        try:
            # A concurrent create of the same work (same DOI or PMID) or with the same
            # generated key commits between our checks and this insert: the unique
            # constraint refuses it, the savepoint keeps our transaction usable, and the
            # winner's row is the answer. Never a server error.
            with transaction.atomic():
                _save(reference, actor=actor, reason=reason, comment=comment)
        except IntegrityError:
            existing = find_existing(data)
            if existing is not None:
                return existing, False
            if key:
                raise _key_taken(key) from None
            continue  # the generated key was taken meanwhile: make the next one
        _sync_articles_citing(reference.key)
        return reference, True
    raise ReferenceLibraryError(
        "The reference could not be saved: its key kept being taken by references added "
        "at the same time. Try again."
    )


def _key_taken(key: str) -> ReferenceLibraryError:
    return ReferenceLibraryError(
        f"The key '{key}' is already used by another reference; choose another "
        "or leave it empty to have one made."
    )


def _sync_articles_citing(key: str) -> None:
    """A key that was unknown may now resolve: resync the articles whose body cites it."""
    candidates = Article.objects.filter(body__contains=f"@{key}").values_list("pk", "body")
    for pk, body in candidates:
        if key in cited_keys(body):
            _sync(pk)


# --- references ----------------------------------------------------------------------


@transaction.atomic
def reference_create(
    *, actor, data: ReferenceData, key: str = "", comment: str = ""
) -> tuple[Reference, bool]:
    """Add a reference; return ``(reference, created)``.

    A work already in the library (same DOI, PMID, or the same kind, title, year and first
    author without conflicting identifiers) is returned as it is, with ``created`` False.
    """
    require(actor, "references.add_reference", "add references")
    return _create_or_match(
        actor=actor, data=data, key=key.strip(), reason="reference.create", comment=comment
    )


@transaction.atomic
def reference_update(
    *, reference: Reference, actor, comment: str = "", **changes: Any
) -> Reference:
    """Change a reference's fields; refuses a key change while any article cites it."""
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ReferenceLibraryError(
            f"These fields cannot be edited here: {', '.join(sorted(unknown))}."
        )
    require(actor, "references.change_reference", "edit references")
    fresh = Reference.objects.select_for_update().filter(pk=reference.pk).first()
    if fresh is None:
        raise ReferenceLibraryError("This reference no longer exists.")
    if "kind" in changes:
        changes["kind"] = str(changes["kind"])
    _normalise_identifiers(changes)
    for name in ("doi", "pmid"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    changed = {name: value for name, value in changes.items() if getattr(fresh, name) != value}
    if not changed:
        return fresh
    if "key" in changed:
        _refuse_key_change(fresh, changed["key"])
    if changed.get("superseded_by") is not None and changed["superseded_by"].pk == fresh.pk:
        raise ReferenceLibraryError("A reference cannot be superseded by itself.")
    other, what = _duplicate_of(
        doi=changed.get("doi", ""), pmid=changed.get("pmid", ""), exclude_pk=fresh.pk
    )
    if other is not None:
        raise DuplicateReference(
            f"{what} already belongs to the reference '{other.key}' ({other.short_title}). "
            "Cite that one instead of making a second copy.",
            existing=other,
        )
    for name, value in changed.items():
        setattr(fresh, name, value)
    _validate(fresh)
    _save(fresh, actor=actor, reason="reference.update", comment=comment)
    if "key" in changed:
        _sync_articles_citing(fresh.key)
    if set(changed) & set(DATA_FIELDS):
        # The sources an approval vouched for changed: tell the apps above (the review
        # asks the board again), in this transaction, for every article citing it.
        citing = Article.objects.filter(
            citations__reference=fresh, citations__number__isnull=False
        ).distinct()
        for article in citing:
            article_extensions.sources_changed(article, actor=actor, reference=fresh)
    return fresh


@transaction.atomic
def reference_status_record(*, reference: Reference, checked_at=None, **status: Any) -> bool:
    """Record what a status check found (retraction, concern, correction, label version).

    Called by the scheduled checks (``freshness``), with no user behind them: they only
    write the status fields above, never the bibliographic data, so no approval's content
    changes. Always moves ``last_checked_at``; a history row (``reference.status``) is
    written only when a status actually changed. Returns whether one did.
    """
    unknown = set(status) - set(CHECKED_STATUS_FIELDS)
    if unknown:
        raise ReferenceLibraryError(
            f"These fields are not status fields: {', '.join(sorted(unknown))}."
        )
    fresh = Reference.objects.select_for_update().filter(pk=reference.pk).first()
    if fresh is None:
        return False
    now = checked_at or timezone.now()
    changed = {name: value for name, value in status.items() if getattr(fresh, name) != value}
    if not changed:
        Reference.objects.filter(pk=fresh.pk).update(last_checked_at=now)
        return False
    for name, value in changed.items():
        setattr(fresh, name, value)
    fresh.last_checked_at = now
    fresh._change_reason = ("reference.status: " + ", ".join(sorted(changed)))[:100]
    fresh.save()
    return True


def _refuse_key_change(reference: Reference, new_key: str) -> None:
    citing = citing_summary(reference, cited_only=True)
    if citing:
        raise ReferenceInUse(
            f"The key '{reference.key}' cannot be changed to '{new_key}': it is cited by "
            f"{citing}. Article bodies cite by key, so changing it would break them; "
            "add a new reference instead, or remove the citations first."
        )


@transaction.atomic
def reference_delete(*, reference: Reference, actor) -> None:
    """Delete an unused reference. Refused, naming the articles, while any article cites it."""
    require(actor, "references.delete_reference", "delete references")
    fresh = Reference.objects.select_for_update().filter(pk=reference.pk).first()
    if fresh is None:
        return
    refusal = deletion_refusal(fresh)
    if refusal:
        raise ReferenceInUse(refusal)
    fresh._history_user = actor
    fresh._change_reason = "reference.delete"
    fresh.delete()
