"""The Article, its review workflow, and what readers see of it.

- ``choices``: states, audiences, kinds of change, expiry actions, the substance fields;
- ``article``: ``Topic`` and ``Article`` with its transitions;
- ``records``: ``StateChange``, ``PublishedVersion`` (what readers see, frozen) and
  ``VersionRelease``.
"""

from .article import Article, ArticleQuerySet, ArticleSearch, Topic
from .choices import (
    SUBSTANCE_FIELDS,
    ArticleStatus,
    Audience,
    ChangeKind,
    ExpiryAction,
    default_review_interval,
    has_title_and_body,
    next_review_date,
    other_audience,
    version_name,
)
from .records import PublishedVersion, PublishedVersionQuerySet, StateChange, VersionRelease

__all__ = [
    "SUBSTANCE_FIELDS",
    "Article",
    "ArticleQuerySet",
    "ArticleSearch",
    "ArticleStatus",
    "Audience",
    "ChangeKind",
    "ExpiryAction",
    "PublishedVersion",
    "PublishedVersionQuerySet",
    "StateChange",
    "Topic",
    "VersionRelease",
    "default_review_interval",
    "has_title_and_body",
    "next_review_date",
    "other_audience",
    "version_name",
]
