"""Refusals of the review workflow, with messages a person can act on.

They subclass the article workflow's exceptions, so every caller that already turns an
``ArticleError`` into a form error or an admin message (and an ``ActionForbidden`` into a
403) handles these too.
"""

from articles.exceptions import ActionForbidden, ArticleConflict, ArticleError, TransitionRefused


class ReviewError(ArticleError):
    """Base of every review refusal. ``str()`` is the user-facing message."""


class ReviewForbidden(ReviewError, ActionForbidden):
    """The actor may not do this (not their assignment, not their role, their own article)."""


class ReviewRefused(ReviewError, TransitionRefused):
    """Not possible in the current state (already decided, article not under review…)."""


class ReviewerNotEligible(ReviewRefused):
    """This member cannot review this article: author, conflict, inactive, already assigned."""


class ReviewConflict(ReviewError, ArticleConflict):
    """Someone else changed the assignment or the article meanwhile; nothing was saved."""
