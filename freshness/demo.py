"""The demo's attention queue: one open flag of each kind, so an admin sees what each
looks like. Raised on the demo's articles when ``load_demo`` says it is done; each is
raised once (the open-flag constraint), so loading the demo again adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from review.models import ReviewAssignment

from .models import Reason, StaleFlag
from .policy import POLICIES

# The reason, the demo article it is raised on, and what the flag says.
DEMO_FLAGS = [
    (Reason.REVIEW_DUE_SOON, "What is the treatment for psoas myositis?", "Review due in 3 weeks."),
    (Reason.REVIEW_OVERDUE, "How is iliopsoas bursitis managed?", "Review was due 2 months ago."),
    (Reason.REFERENCE_RETRACTED, "What is the treatment for psoas myositis?", "Retracted."),
    (
        Reason.REFERENCE_CONCERN,
        "How is inflammatory myositis diagnosed and treated?",
        "Expression of concern.",
    ),
    (Reason.REFERENCE_CORRECTED, "What is the treatment for psoas myositis?", "Erratum."),
    (
        Reason.REFERENCE_SUPERSEDED,
        "How is inflammatory myositis diagnosed and treated?",
        "A newer edition.",
    ),
    (Reason.DRUG_LABEL_CHANGED, "What is the treatment for psoas myositis?", "Label v12 → v13."),
    (
        Reason.REFERENCE_OUTDATED,
        "How is inflammatory myositis diagnosed and treated?",
        "Guideline from 2016.",
    ),
    (Reason.REVIEW_ASSIGNMENT_OVERDUE, "How is inflammatory myositis diagnosed and treated?", ""),
]
ABOUT_A_REFERENCE = {r for r in Reason.values if r.startswith("reference_")} | {
    Reason.DRUG_LABEL_CHANGED
}


def raise_demo_flags(sender=None, *, articles, **kwargs) -> int:
    """Raise the flags above that are not open yet; returns how many were raised."""
    today = timezone.localdate()
    raised = 0
    for reason, title, detail in DEMO_FLAGS:
        article = articles.get(title)
        if article is None:
            continue
        reference = assignment = None
        if reason in ABOUT_A_REFERENCE:
            citation = article.citations.select_related("reference").order_by("pk").first()
            if citation is None:
                continue
            reference = citation.reference
        if reason == Reason.REVIEW_ASSIGNMENT_OVERDUE:
            assignment = ReviewAssignment.objects.filter(article=article).order_by("pk").first()
            if assignment is None:
                continue
        subject_id = reference.pk if reference else assignment.pk if assignment else 0
        if StaleFlag.objects.open().filter(article=article, reason=reason, subject_id=subject_id):
            continue
        policy = POLICIES[reason]
        days = policy.respond_days if policy.respond_days is not None else 21
        StaleFlag.objects.create(
            article=article,
            reason=reason,
            subject_id=subject_id,
            cause="demo",
            detail=detail or policy.words,
            severity=policy.severity,
            respond_by=today + dt.timedelta(days=days),
            reference=reference,
            assignment=assignment,
        )
        raised += 1
    return raised
