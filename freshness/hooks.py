"""How stale-content knowledge plugs into the apps below (registered from ``ready()``).

- Submission and approval are refused while the article cites a retracted reference,
  naming it, unless an editor recorded an override for that citation
  (``articles.checks`` and ``articles.hooks``; read only).
- The review page shows the open flags and each cited reference's status (``review.panels``).
"""

from __future__ import annotations

from django.contrib.auth.context_processors import PermWrapper
from django.template.loader import render_to_string

from articles.models import Article
from references.models import Citation

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


def review_panel(article: Article, user) -> str:
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


def register() -> None:
    from articles import checks, hooks
    from review.panels import register_review_panel

    checks.register_submit_check("freshness.retracted", retracted_citations)
    hooks.register_approve_check("freshness.retracted", retracted_citations)
    register_review_panel("freshness.flags", review_panel)
