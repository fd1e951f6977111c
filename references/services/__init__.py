"""The one door for every write to the reference library and the citation lists.

Views, the admin, the management command and the article hooks call these functions and
nothing else. Each write checks the actor, validates with ``full_clean()``, keeps the
cached AMA output in step and saves with a simple-history reason (``reference.create``…).

Decisions:

- One reference per work: DOI, then PMID, then a fingerprint of kind, title, year and
  first author find the existing row (the fingerprint matches unless the two records hold
  conflicting DOIs or PMIDs); creating, importing or looking up a known work returns it
  instead of adding a second row.
- The article body is the whole truth about its citations: ``citations_sync`` derives the
  numbered list from the ``[@key]`` markers. So a cited reference's key never changes
  (``reference_update`` refuses), a cited reference is never deleted, and a citation change
  is always a body change, which is what moves the article's "Last updated".
- ``citations_sync`` and ``article_publication_data`` take no actor: they derive data from
  what an authorised service already saved, and run inside the article services'
  transactions (``ReferencesExtension.after_edit``) and the approving service's.
- Attaching references (``citation_attach``, ``reference_import(article=...)``) is an
  article edit: refused while the article is approved or archived, under its row lock.
- Two creates of the same work racing each other: the loser's insert fails on the unique
  DOI/PMID constraint inside a savepoint, and it returns the winner's row.
- Lookups call the network *outside* the database transaction, so a slow Crossref never
  holds a transaction open.
"""

from articles.exceptions import ActionForbidden

from ..exceptions import (
    DuplicateReference,
    ReferenceImportRefused,
    ReferenceInUse,
    ReferenceLibraryError,
    ReferenceLookupFailed,
)
from .citations import (
    article_publication_data,
    citation_attach,
    citation_detach,
    citations_sync,
)
from .importing import (
    BACKGROUND_IMPORT_BYTES,
    ImportReport,
    reference_import,
    reference_import_progress,
    reference_import_run,
    reference_import_start,
    reference_lookup,
    reference_lookup_doi,
    reference_lookup_pmid,
)
from .library import (
    UPDATABLE_FIELDS,
    find_existing,
    generate_key,
    reference_create,
    reference_delete,
    reference_status_record,
    reference_update,
)

__all__ = [
    "BACKGROUND_IMPORT_BYTES",
    "UPDATABLE_FIELDS",
    "ActionForbidden",
    "DuplicateReference",
    "ImportReport",
    "ReferenceImportRefused",
    "ReferenceInUse",
    "ReferenceLibraryError",
    "ReferenceLookupFailed",
    "article_publication_data",
    "citation_attach",
    "citation_detach",
    "citations_sync",
    "find_existing",
    "generate_key",
    "reference_create",
    "reference_delete",
    "reference_import",
    "reference_import_progress",
    "reference_import_run",
    "reference_import_start",
    "reference_lookup",
    "reference_lookup_doi",
    "reference_lookup_pmid",
    "reference_status_record",
    "reference_update",
]
