class PresenceRefused(Exception):
    """The person may not open this article, so their presence is not recorded."""
