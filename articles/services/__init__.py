"""The one door for every write to an article.

Views, forms, admin actions, management commands and tasks call these functions and
nothing else. Each one runs in a transaction, checks the actor, re-reads the article under
a row lock (on SQLite the write lock and ``ConcurrentTransitionMixin`` do that job), and
refuses a caller whose picture of the article is out of date instead of overwriting
someone else's work.

- ``editing``: create, edit, revert (the working text and its metadata);
- ``workflow``: the state changes and the one place that decides whether one is allowed;
- ``publishing``: approval, which freezes what readers see;
- ``schedule``: embargoed releases and expiry dates;
- ``actions``: every action by name, and checking one without taking it;
- ``text``: the text rules every entry path shares.
"""

from ..substance import require_seen_content
from .actions import (
    TRANSITION_SERVICES,
    Action,
    Verdict,
    action_check,
    article_apply_transition,
    available_actions,
)
from .editing import (
    EDITABLE_FIELDS,
    EDITABLE_STATES,
    METADATA_FIELDS,
    article_create,
    article_revert,
    article_update,
    edit_refusal,
    editable_fields,
)
from .publishing import article_approve, article_hide_while_pending
from .schedule import (
    RELEASE_GRACE,
    article_expire,
    published_version_release,
    publishing_schedule_run,
)
from .text import body_size_problem, clean_text_fields, text_problem
from .workflow import (
    action_label,
    article_archive,
    article_request_changes,
    article_restore,
    article_revise,
    article_start_review,
    article_submit,
    article_withdraw,
    board_decision,
    change_note_problems,
    is_board_decision,
    transition_refusal,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EDITABLE_STATES",
    "METADATA_FIELDS",
    "RELEASE_GRACE",
    "TRANSITION_SERVICES",
    "Action",
    "Verdict",
    "action_check",
    "action_label",
    "article_apply_transition",
    "article_approve",
    "article_hide_while_pending",
    "article_archive",
    "article_create",
    "article_expire",
    "article_request_changes",
    "article_restore",
    "article_revert",
    "article_revise",
    "article_start_review",
    "article_submit",
    "article_update",
    "article_withdraw",
    "available_actions",
    "board_decision",
    "body_size_problem",
    "change_note_problems",
    "clean_text_fields",
    "edit_refusal",
    "editable_fields",
    "is_board_decision",
    "published_version_release",
    "publishing_schedule_run",
    "require_seen_content",
    "text_problem",
    "transition_refusal",
]
