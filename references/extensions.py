"""The reference library's part in an article's life (listed in ``ARTICLE_EXTENSIONS``)."""

from __future__ import annotations

from typing import Any

from articles.extensions import ArticleExtension
from articles.models import Article

from . import checks, selectors
from .services.citations import sync_after_edit


class ReferencesExtension(ArticleExtension):
    """Citation keys must resolve; the citation list follows the body in the same
    transaction; an approval's content hash covers the exact sources cited; pending texts
    are shown with numbered citations; the admin offers the citation helper."""

    admin_editor_tools = ("references/admin/cite_helper.html",)

    def submit_problems(self, article: Article) -> list[str]:
        return [
            *checks.unknown_citation_keys(article),
            *checks.malformed_citation_markers(article),
        ]

    def warnings(self, article: Article) -> list[str]:
        return checks.uncited_references(article)

    def substance(self, article: Article) -> dict[str, Any]:
        return {"references.cited": selectors.cited_reference_identities(article)}

    def preview(self, article: Article) -> dict:
        return selectors.with_alt_body(article, selectors.article_preview_data(article))

    def after_edit(self, article: Article, *, actor, substance_changed: bool) -> None:
        sync_after_edit(article, actor=actor, substance_changed=substance_changed)
