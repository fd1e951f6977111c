"""Signals for decoupled listeners (the public pages' cache). Sent after commit.

What happens inside an action is listed in ``ARTICLE_EXTENSIONS`` (``articles.extensions``);
these signals only fan out, after commit, what the schedule did without a person.

No business rule may depend on a receiver: the services have already done everything
that matters by the time these fire.
"""

from django.dispatch import Signal

# kwargs: article, release. An embargoed version went live (the scheduled job).
article_released = Signal()
# kwargs: article, action ("banner"). The expiry date passed (archiving is a transition).
article_expired = Signal()
