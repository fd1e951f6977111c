"""What each reason means for the people who act on it: severity, time to respond, words.

Respond-by is counted from the day the flag is raised, except ``review_due_soon`` (the due
date itself). The product's table of reasons fixes the severities and the two-day tiers; the other
response times are editorial policy chosen here (a decision: a week for high, a month for
medium, three months for low) and can be changed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Reason, Severity


@dataclass(frozen=True)
class Policy:
    severity: int
    respond_days: int | None  # None: respond by the article's review due date
    words: str  # what to do, shown in the queue and the digest


POLICIES: dict[str, Policy] = {
    Reason.REVIEW_DUE_SOON: Policy(
        Severity.LOW, None, "The board review is due soon: start a revision and assign a reviewer."
    ),
    Reason.REVIEW_OVERDUE: Policy(
        Severity.MEDIUM, 30, "The board review is overdue: the article stays published; review it."
    ),
    Reason.REFERENCE_RETRACTED: Policy(
        Severity.CRITICAL,
        2,
        "A cited paper was retracted: remove or replace the citation, or record why the "
        "article must keep citing it.",
    ),
    Reason.REFERENCE_CONCERN: Policy(
        Severity.HIGH, 7, "A cited paper carries an expression of concern: re-check the claim."
    ),
    Reason.REFERENCE_CORRECTED: Policy(
        Severity.LOW, 90, "A cited paper was corrected after the last approval: check the erratum."
    ),
    Reason.REFERENCE_SUPERSEDED: Policy(
        Severity.HIGH, 7, "A cited reference was superseded: cite the newer one."
    ),
    Reason.DRUG_LABEL_CHANGED: Policy(
        Severity.HIGH, 2, "The cited drug label has a newer version: check what changed."
    ),
    Reason.REFERENCE_OUTDATED: Policy(
        Severity.LOW, 90, "A cited guideline is old: look for a newer edition."
    ),
    Reason.REVIEW_ASSIGNMENT_OVERDUE: Policy(
        Severity.MEDIUM, 7, "A board member's review is past due: remind them or reassign."
    ),
}
