"""Signals for decoupled listeners (notifications, cache busting). Sent after commit.

No business rule may depend on a receiver: the services have already done everything
that matters by the time these fire.
"""

from django.dispatch import Signal

# kwargs: article, actor, transition, source, target, comment
article_transitioned = Signal()
# kwargs: article, actor, substance_changed. Sent on create, edit and revert.
article_edited = Signal()
# kwargs: article, actor, published_version
article_approved = Signal()
# kwargs: article, release. An embargoed version went live (the scheduled job).
article_released = Signal()
# kwargs: article, action ("banner"). The expiry date passed (archiving is a transition).
article_expired = Signal()
