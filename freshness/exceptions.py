from articles.exceptions import ArticleError


class FreshnessError(ArticleError):
    """A refusal about stale-content flags or overrides; the message says what to do."""
