"""The one door for every write in the review app (a package: it outgrew one module).

Views, forms, admin, hooks and tasks call these functions and nothing else.
"""

from ._common import default_due_date, event_record
from .assignments import (
    assign_refusal,
    manage_reviewers_refusal,
    review_assign,
    review_decline,
    review_withdraw,
)
from .comments import comment_create, comment_reopen, comment_resolve
from .decisions import review_decide, review_set_quorum
from .lifecycle import review_close_pending, review_mark_stale, review_resume
from .members import board_member_create, board_member_update, conflict_declare
from .notifications import (
    enqueue_notification,
    notification_queue,
    notification_resend_pending,
    notification_send,
)

__all__ = [
    "assign_refusal",
    "board_member_create",
    "board_member_update",
    "comment_create",
    "comment_reopen",
    "comment_resolve",
    "conflict_declare",
    "default_due_date",
    "enqueue_notification",
    "event_record",
    "manage_reviewers_refusal",
    "notification_queue",
    "notification_resend_pending",
    "notification_send",
    "review_assign",
    "review_close_pending",
    "review_decide",
    "review_decline",
    "review_mark_stale",
    "review_resume",
    "review_set_quorum",
    "review_withdraw",
]
