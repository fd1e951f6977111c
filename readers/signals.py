"""Cache busting: anything a public page shows changed, so cached pages are dropped.

Connected in ``ReadersConfig.ready()``; the generation is bumped at once and again after the
transaction commits, so a page rendered from the old data in between is dropped too.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save

from . import cache


def _bump(**kwargs) -> None:
    # Now (so this process never serves the old page again) and after commit (so a page
    # another worker renders from the old data before the commit is not kept either).
    cache.bump()
    transaction.on_commit(cache.bump)


def connect() -> None:
    from articles.models import Article, PublishedVersion, Topic
    from references.models import Citation, Reference
    from review.models import BoardMember

    from .models import PolicyPage

    for model in (Article, PublishedVersion, Topic, Reference, Citation, BoardMember, PolicyPage):
        post_save.connect(_bump, sender=model, dispatch_uid=f"readers.bump.{model.__name__}")
    for through in (Article.topics.through, Article.related_articles.through):
        m2m_changed.connect(_bump, sender=through, dispatch_uid=f"readers.bump.{through.__name__}")
