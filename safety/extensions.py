"""The clinical safety checks in the article's life and in the review.

- Uncited clinical claims refuse or warn at submission, according to the article's review
  policy (``safety.checks``); the workspace shows both at save.
- Matching review policies add to the board's quorum (``routing.policy_requirements``).
- A member approving over uncited claims confirms each of them (``checks``).
- A policy may keep articles with uncited claims of its kinds off the public site while
  they are pending (``routing.hidden_while_pending_reason``, stored on the article after
  every edit and transition, so every list of what readers see honours it).
- The admin shows the claims panel and a "claims cited" column.
"""

from __future__ import annotations

from articles.extensions import ArticleExtension
from articles.models import Article
from review.extensions import ReviewExtension
from review.requirements import Requirement

from . import checks
from .admin import claim_coverage
from .routing import hidden_while_pending_reason, policy_requirements


class SafetyExtension(ArticleExtension):
    admin_panels = ("safety/admin/claims_panel.html",)
    admin_columns = (claim_coverage,)

    def submit_problems(self, article: Article) -> list[str]:
        return checks.uncited_claims_refused(article)

    def warnings(self, article: Article) -> list[str]:
        return checks.uncited_claims_warned(article)

    def after_edit(self, article: Article, *, actor, substance_changed: bool) -> None:
        if substance_changed:
            _keep_off_site(article)

    def after_transition(self, article: Article, *, actor, target: str, **change) -> None:
        _keep_off_site(article)


def _keep_off_site(article: Article) -> None:
    """Record whether a review policy keeps the article off the site while pending."""
    from articles import services as article_services

    article_services.article_hide_while_pending(
        article=article, reason=hidden_while_pending_reason(article)
    )


class SafetyReview(ReviewExtension):
    def requirements(self, article: Article) -> list[Requirement]:
        return policy_requirements(article)

    def approval_confirmations(self, article: Article) -> list[str]:
        return checks.uncited_claims_to_confirm(article)
