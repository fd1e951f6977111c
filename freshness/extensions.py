"""Stale-content knowledge in the article's life and on the review page.

- Submission and approval are refused while the article cites a retracted reference,
  naming it, unless an editor recorded an override for that citation (read only).
- The admin's article page and the review page show the open flags and each cited
  reference's status.
"""

from __future__ import annotations

from django.contrib.auth.context_processors import PermWrapper
from django.template.loader import render_to_string

from articles.extensions import ArticleExtension
from articles.models import Article
from references.models import Citation
from review.extensions import ReviewExtension

from .models import RetractionOverride


def retracted_citations(article: Article) -> list[str]:
    """One sentence per cited retracted reference without an active override. Two queries."""
    cited = list(
        Citation.objects.filter(article=article, number__isnull=False, reference__retracted=True)
        .select_related("reference")
        .order_by("number")
    )
    if not cited:
        return []
    overridden = set(
        RetractionOverride.objects.filter(article=article, withdrawn_at__isnull=True).values_list(
            "reference_id", flat=True
        )
    )
    problems = []
    for citation in cited:
        ref = citation.reference
        if ref.pk in overridden:
            continue
        notice = (
            f" (notice: {ref.retraction_notice_doi or ref.retraction_notice})"
            if (ref.retraction_notice_doi or ref.retraction_notice)
            else ""
        )
        problems.append(
            f"reference [{citation.number}] [@{ref.key}] “{ref.short_title}” was retracted"
            f"{notice}; remove or replace it, or have an editor record why this article "
            "must keep citing it"
        )
    return problems


class FreshnessExtension(ArticleExtension):
    admin_panels = ("freshness/admin/article_flags.html",)

    def submit_problems(self, article: Article) -> list[str]:
        # A submit problem refuses the approval too: one rule, stated once.
        return retracted_citations(article)


class FreshnessReview(ReviewExtension):
    def panel(self, article: Article, user) -> str:
        from .selectors import article_open_flags, cited_statuses

        return render_to_string(
            "freshness/_review_panel.html",
            {
                "article": article,
                "flags": article_open_flags(article),
                "statuses": cited_statuses(article),
                "user": user,
                "perms": PermWrapper(user),
            },
        )
