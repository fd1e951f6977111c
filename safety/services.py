"""Every write of the safety app: review policies and per-article overrides.

The admin calls these; each checks the actor's permission, validates, saves with a
history change reason, and never deletes (a policy is switched off instead).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from articles.exceptions import ArticleError
from articles.models import Article
from articles.permissions import require

from .models import ArticleClaimPolicy, ReviewPolicy, UncitedClaims


def _require(actor, perm: str, what: str) -> None:
    require(actor, perm, what)


@transaction.atomic
def review_policy_save(*, policy: ReviewPolicy, actor, topics=None) -> ReviewPolicy:
    """Create or change a policy; it applies from the next evaluation of each article."""
    creating = policy.pk is None
    _require(
        actor,
        "safety.add_reviewpolicy" if creating else "safety.change_reviewpolicy",
        "change review policies",
    )
    policy.changed_at = timezone.now()
    policy.full_clean()
    policy._change_reason = "review_policy.create" if creating else "review_policy.change"
    policy.save()
    if topics is not None:
        policy.topics.set(topics)
    return policy


@transaction.atomic
def article_claim_policy_set(
    *, article: Article, actor, uncited_claims: str, reason: str = ""
) -> ArticleClaimPolicy:
    """Override what uncited claims do for ``article`` (``warn`` or ``refuse``)."""
    _require(actor, "safety.change_articleclaimpolicy", "change what uncited claims do")
    if uncited_claims not in UncitedClaims.values:
        raise ArticleError(
            f"Unknown choice “{uncited_claims}”: choose {' or '.join(UncitedClaims.values)}."
        )
    override = ArticleClaimPolicy.objects.filter(article=article).first() or ArticleClaimPolicy(
        article=article
    )
    override.uncited_claims = uncited_claims
    override.reason = reason
    override.changed_at = timezone.now()
    override.changed_by = actor
    override.full_clean()
    override._change_reason = f"article_claim_policy.set: {uncited_claims}"
    override.save()
    return override
