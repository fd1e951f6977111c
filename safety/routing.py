"""Which review policies match an article, why, and what they add (reads only).

Evaluated on the article's current text every time it is asked, never stored: an edit
that adds dosing content makes the dosing policies match at once, and approvals recorded
before it (of another text, or by members without the specialty) do not satisfy the new
requirement. ``policy_requirements`` is what ``review`` asks through its registry
(``review.requirements``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from articles.models import Article, Audience
from review.requirements import Requirement

from .claims import Analysis, ClaimKind, analyse_article
from .models import ArticleClaimPolicy, ReviewPolicy, UncitedClaims


@dataclass(frozen=True)
class PolicyMatch:
    policy: ReviewPolicy
    reasons: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)

    @property
    def requirement(self) -> Requirement | None:
        policy = self.policy
        if not (policy.required_approvals or policy.specialty_list):
            return None
        return Requirement(
            source=f"review policy “{policy.name}”",
            reason=self.explanation,
            approvals=policy.required_approvals or 0,
            specialties=tuple(policy.specialty_list),
        )


@dataclass
class SafetyReport:
    """Everything the screens show: claims, coverage, matched policies, what uncited do."""

    analysis: Analysis
    matches: list[PolicyMatch] = field(default_factory=list)
    uncited_claims: str = UncitedClaims.WARN
    uncited_claims_why: str = ""

    @property
    def refuses(self) -> bool:
        return self.uncited_claims == UncitedClaims.REFUSE

    @property
    def requirements(self) -> list[Requirement]:
        return [m.requirement for m in self.matches if m.requirement is not None]


def _paragraphs(analysis: Analysis, kind: str) -> str:
    claims = analysis.claims_of(kind)
    others = list(dict.fromkeys(c.where for c in claims if c.part != "body"))
    numbers = sorted({c.paragraph for c in claims if c.part == "body"})
    label = "paragraph" if len(numbers) == 1 else "paragraphs"
    return ", ".join(others + ([f"{label} {', '.join(map(str, numbers))}"] if numbers else []))


def _match(
    policy: ReviewPolicy, article: Article, analysis: Analysis, topics
) -> PolicyMatch | None:
    reasons = []
    kinds = policy.claim_kinds
    if kinds:
        found = [k for k in kinds if k in analysis.kinds]
        if not found:
            return None
        reasons += [
            f"{ClaimKind(k).label.lower()} claims in {_paragraphs(analysis, k)}" for k in found
        ]
    wanted_topics = {t.pk: t.name for t in policy.topics.all()}
    if wanted_topics:
        shared = [name for pk, name in wanted_topics.items() if pk in topics]
        if not shared:
            return None
        reasons.append(f"topic {', '.join(shared)}")
    if policy.audience:
        if policy.audience != article.audience:
            return None
        reasons.append(f"audience {Audience(policy.audience).label}")
    return PolicyMatch(policy=policy, reasons=tuple(reasons or ["applies to every article"]))


def matched_policies(article: Article, analysis: Analysis | None = None) -> list[PolicyMatch]:
    """Active policies matching ``article`` as it is now, each with why (at most 3 queries)."""
    analysis = analysis if analysis is not None else analyse_article(article)
    policies = list(ReviewPolicy.objects.filter(is_active=True).prefetch_related("topics"))
    topics = set()
    if article.pk and any(p.topics.all() for p in policies):
        topics = set(article.topics.values_list("pk", flat=True))
    return [m for p in policies if (m := _match(p, article, analysis, topics)) is not None]


def policy_match(policy: ReviewPolicy, article: Article) -> PolicyMatch | None:
    """Whether one policy matches ``article`` now, and why; no query when the article's
    topics are prefetched (a policy's page asks this of many articles)."""
    topics = {t.pk for t in article.topics.all()} if article.pk else set()
    return _match(policy, article, analyse_article(article), topics)


def policy_requirements(article: Article) -> list[Requirement]:
    return [m.requirement for m in matched_policies(article) if m.requirement is not None]


def hidden_while_pending_reason(article: Article) -> str:
    """Why a matching policy keeps ``article`` off the public site while pending: it has
    uncited claims of the policy's kinds (any kind when it names none); "" when none does."""
    analysis = analyse_article(article)
    for match in matched_policies(article, analysis):
        policy = match.policy
        if not policy.hide_while_pending:
            continue
        kinds = policy.claim_kinds or [kind.value for kind in ClaimKind]
        uncited = [k for k in kinds if any(k in s.kinds for s in analysis.uncovered)]
        if uncited:
            labels = " and ".join(ClaimKind(k).label.lower() for k in uncited)
            return f"review policy “{policy.name}”: uncited {labels} claims"
    return ""


def safety_report(article: Article) -> SafetyReport:
    analysis = analyse_article(article)
    matches = matched_policies(article, analysis)
    report = SafetyReport(analysis=analysis, matches=matches)
    override = ArticleClaimPolicy.objects.filter(article=article).first() if article.pk else None
    refusing = [m for m in matches if m.policy.refuse_uncited_claims]
    if override is not None:
        report.uncited_claims = override.uncited_claims
        report.uncited_claims_why = "this article's override" + (
            f" ({override.reason})" if override.reason else ""
        )
    elif refusing:
        report.uncited_claims = UncitedClaims.REFUSE
        report.uncited_claims_why = f"review policy “{refusing[0].policy.name}”"
    else:
        report.uncited_claims = settings.SAFETY_UNCITED_CLAIMS
        report.uncited_claims_why = "the site's setting"
    return report
