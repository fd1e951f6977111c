class PresenceRefused(Exception):
    """The person may not open this article, so their presence is not recorded."""


class DraftRefused(Exception):
    """The unsaved text could not be kept (no right to edit, frozen article, too long)."""
