"""What each editorial role may do in the review app.

The groups themselves belong to ``articles.roles``; this table adds the review permissions
to them, from data migrations (``0002_review_roles``, re-run by later ones when the
table changes) and whenever ``sync_review_roles`` runs, through the shared
``articles.roles.grant_app_permissions``: idempotent, and it repairs drift (a review
permission a role should not hold is removed).

Decisions:
- Editors and Admins assign reviewers (``assign_reviewer``) and open every article's review
  page (``view_all_reviews``). Board members open the pages of articles they were asked to
  review; they never assign, so a member cannot pick who judges alongside them.
- Board members record decisions through their assignment: being the assignee (plus the
  article permissions of the board role) is the permission, so there is no separate one.
- Everyone with an editorial role comments (on the review pages they may open); editors
  and admins resolve any thread, anyone resolves their own. Only editors and admins list
  comments in the admin.
- Admins manage board members, conflicts, quorum overrides and the outbox, and see (and
  may change) each person's notification preferences.
"""

from articles.roles import ADMINS, ADVISORY_BOARD, EDITORS, grant_app_permissions

REVIEW_PERMISSIONS = {
    EDITORS: [
        "access_editorial",
        "assign_reviewer",
        "view_all_reviews",
        "view_boardmember",
        "view_reviewassignment",
        "add_reviewcomment",
        "view_reviewcomment",
        "resolve_any_reviewcomment",
        "view_reviewrequirement",
        "view_conflictofinterest",
        "view_reviewevent",
    ],
    # No ``view_reviewcomment``: the admin's comment list would show every article's
    # confidential discussion to every member. Members read and write comments on the
    # review pages of the articles they were asked to review, which check the assignment.
    ADVISORY_BOARD: [
        "access_editorial",
        "view_boardmember",
        "add_reviewcomment",
    ],
    ADMINS: [
        "access_editorial",
        "assign_reviewer",
        "view_all_reviews",
        "add_boardmember",
        "change_boardmember",
        "view_boardmember",
        "add_reviewassignment",
        "view_reviewassignment",
        "add_reviewcomment",
        "view_reviewcomment",
        "resolve_any_reviewcomment",
        "add_reviewrequirement",
        "change_reviewrequirement",
        "view_reviewrequirement",
        "add_conflictofinterest",
        "view_conflictofinterest",
        "view_reviewevent",
        "view_notification",
        "change_notification",
        "view_notificationpreference",
        "change_notificationpreference",
    ],
}


def sync_review_roles(apps, schema_editor=None) -> None:
    """Grant the table above to the editorial groups; idempotent. ``apps`` may be historical."""
    grant_app_permissions(apps, "review", REVIEW_PERMISSIONS)
