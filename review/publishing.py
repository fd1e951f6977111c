"""What readers will see of an article, built by the reference library.

``articles`` stores the frozen version as plain data and cannot ask the apps above it, so
the approving service (``review.services.review_decide``) builds that data here and hands
it to ``articles.services.article_approve(published=...)``: the body with numbered,
linked citations and the AMA reference list (``references``).

Two entry points, because one writes and one must not:
- ``published_content`` syncs the article's citation list first; call it inside the
  approval transaction, so the frozen version and the citation rows agree.
- ``preview_content`` only reads; the review page uses it on GET, so reviewers see exactly
  what readers would see if they approved now.
"""

from __future__ import annotations

from typing import Any

from articles.models import Article
from references.selectors import article_preview_data, with_alt_body
from references.services import article_publication_data


def published_content(article: Article) -> dict[str, Any]:
    return with_alt_body(article, article_publication_data(article=article))


def preview_content(article: Article) -> dict[str, Any]:
    return with_alt_body(article, article_preview_data(article))
