"""Uncited clinical claims at submission (``safety.extensions.SafetyExtension``).

Whether they refuse or warn is the article's review policy (``routing.safety_report``):
its override, else a matching policy that refuses, else ``SAFETY_UNCITED_CLAIMS``. Each
function returns nothing when the other one applies, so a claim is reported once.
"""

from __future__ import annotations

from articles.models import Article

from .routing import safety_report


def uncited_claims_refused(article: Article) -> list[str]:
    report = safety_report(article)
    return report.analysis.uncovered_messages() if report.refuses else []


def uncited_claims_warned(article: Article) -> list[str]:
    report = safety_report(article)
    return [] if report.refuses else report.analysis.uncovered_messages()


def uncited_claims_to_confirm(article: Article) -> list[str]:
    """The claims a board member approving this text confirms, whatever the policy:
    ``paragraph 2: “Give 500 mg twice daily.” (dosing, recommendation)``."""
    return safety_report(article).analysis.uncovered_labels()
