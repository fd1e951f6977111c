"""Refusals a person can act on. Services raise them; views and the admin show them."""

from django.core.exceptions import PermissionDenied


class ArticleError(Exception):
    """Base of every refusal in the article workflow. ``str()`` is the user-facing message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ActionForbidden(ArticleError, PermissionDenied):
    """The actor's role does not allow this (views answer 403)."""


class TransitionRefused(ArticleError):
    """The article is not in a state, or not in a shape, that allows the transition."""

    def __init__(self, message: str, *, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


class ArticleConflict(ArticleError):
    """Someone else changed the article after the caller read it; nothing was saved."""


class ArticleNotDeletable(ArticleError):
    def __init__(self):
        super().__init__("Articles are never deleted. Archive the article instead.")


class PublishedVersionFrozen(ArticleError):
    def __init__(self):
        super().__init__(
            "An approved version is frozen: it is never changed or deleted. "
            "Revise the article and have the board approve the new text instead."
        )


class ContentChanged(ArticleConflict):
    """The text changed after the person vouching for it opened it; nothing was changed.

    Carries the version they saw and the current one, so a page can show what changed.
    """

    def __init__(self, message: str, *, seen_version: int | None, current_version: int):
        super().__init__(message)
        self.seen_version = seen_version
        self.current_version = current_version
