"""Signals the review app sends, for decoupled listeners (e.g. stale-content flags that
clear when an overdue review is done). Sent after commit; no business rule may depend on
a receiver.
"""

from django.dispatch import Signal

# kwargs: assignment, actor
reviewer_assigned = Signal()
# kwargs: assignment, actor, decision, published_version (None unless this decision
# completed the quorum)
review_decided = Signal()
