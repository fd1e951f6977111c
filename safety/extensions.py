"""The clinical safety checks in the article's life and in the review.

- Uncited clinical claims refuse or warn at submission, according to the article's review
  policy (``safety.checks``); the workspace shows both at save.
- Matching review policies add to the board's quorum (``routing.policy_requirements``).
- A member approving over uncited claims confirms each of them (``checks``).
- The admin shows the claims panel and a "claims cited" column.
"""

from __future__ import annotations

from articles.extensions import ArticleExtension
from articles.models import Article
from review.extensions import ReviewExtension
from review.requirements import Requirement

from . import checks
from .admin import claim_coverage
from .routing import policy_requirements


class SafetyExtension(ArticleExtension):
    admin_panels = ("safety/admin/claims_panel.html",)
    admin_columns = (claim_coverage,)

    def submit_problems(self, article: Article) -> list[str]:
        return checks.uncited_claims_refused(article)

    def warnings(self, article: Article) -> list[str]:
        return checks.uncited_claims_warned(article)


class SafetyReview(ReviewExtension):
    def requirements(self, article: Article) -> list[Requirement]:
        return policy_requirements(article)

    def approval_confirmations(self, article: Article) -> list[str]:
        return checks.uncited_claims_to_confirm(article)
