"""What each editorial role may do with the reference library.

Granted by the data migration ``0002_reference_roles`` through
``articles.roles.grant_app_permissions`` (idempotent; the groups themselves and their
names come from ``articles.roles``).

Decisions: citations are derived from article bodies, so nobody adds, changes or deletes
them by hand (attaching a reference to an article is an article edit and needs
``articles.change_article``). Admins may delete a reference, but only through
``references.services.reference_delete``, which refuses while any article cites it: what
can be deleted is an unused entry (a mistaken import), and its history is kept.
"""

from articles.roles import ADMINS, ADVISORY_BOARD, EDITORS, grant_app_permissions

REFERENCE_PERMISSIONS = {
    EDITORS: [
        "view_reference",
        "add_reference",
        "change_reference",
        "view_historicalreference",
        "view_citation",
    ],
    # Not ``view_citation``: the citation list names every article, drafts included, and
    # board members read articles only through their review pages (articles/roles.py).
    ADVISORY_BOARD: ["view_reference"],
    ADMINS: [
        "view_reference",
        "add_reference",
        "change_reference",
        "delete_reference",
        "view_historicalreference",
        "view_citation",
    ],
}


def sync_reference_roles(apps, schema_editor=None) -> None:
    """Grant the table above to the editorial groups; only this app's permissions."""
    grant_app_permissions(apps, "references", REFERENCE_PERMISSIONS)
