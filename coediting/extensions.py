"""Editing side by side in the article's life: a save drops the saver's autosaved draft."""

from __future__ import annotations

from articles.extensions import ArticleExtension
from articles.models import Article


class CoeditingExtension(ArticleExtension):
    def after_edit(self, article: Article, *, actor, substance_changed: bool) -> None:
        from .drafts import draft_discard

        if actor is not None:
            draft_discard(article=article, user=actor)
