"""The board's quorum: when the approvals of an article's current text publish it.

"N approvals of the current text, including at least one from each required specialty":
N is the article's own quorum (``ReviewRequirement``) or the default, raised by what the
review extensions require (``review.extensions``: e.g. a review policy asking for a
pharmacist on dosing claims). Approvals count by one rule
(``ReviewAssignment.objects.counting_approvals``): a member's approval of this exact text
(content hash, which covers the cited sources), one per member.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from articles.models import Article

from . import extensions
from .models import BoardMember, ReviewAssignment, ReviewRequirement
from .requirements import Requirement


def required_approvals(article: Article) -> int:
    """Approvals of the current version that publish ``article`` (its override or the default)."""
    requirement = ReviewRequirement.objects.filter(article=article).first()
    if requirement is not None:
        return requirement.required_approvals
    return settings.REVIEW_DEFAULT_QUORUM


@dataclass
class QuorumStatus:
    """Where ``article``'s quorum stands: what is required (and why), what is missing."""

    approvals: int
    required: int
    base_required: int
    requirements: list[Requirement]
    unmet: list[Requirement]  # specialty requirements no counting approval satisfies
    problems: list[str]

    @property
    def met(self) -> bool:
        return not self.problems


def quorum_status(article: Article, *, content_hash: str | None = None) -> QuorumStatus:
    """The quorum of ``article``'s current text: "N approvals, including at least one from
    each required specialty", N being the article's own quorum or more if a registered
    requirement (``REVIEW_EXTENSIONS``) asks for more."""
    members = list(
        BoardMember.objects.filter(
            pk__in=ReviewAssignment.objects.counting_approvals(
                article, content_hash=content_hash
            ).values("reviewer_id")
        )
    )
    requirements = extensions.requirements(article)
    base = required_approvals(article)
    required = max([base, *(r.approvals for r in requirements)])
    problems = []
    if len(members) < required:
        raisers = [r for r in requirements if r.approvals == required and r.approvals > base]
        why = f" ({raisers[0].source}: {raisers[0].reason})" if raisers else ""
        problems.append(
            f"the board has approved the current text {len(members)} of {required} required "
            f"times{why}"
        )
    specialties = [s for m in members for s in m.specialty_list]
    unmet = [r for r in requirements if r.specialties and not r.satisfied_by(specialties)]
    problems += [
        f"no approval of the current text yet from a member with the specialty "
        f"{r.specialty_label} ({r.source}: {r.reason})"
        for r in unmet
    ]
    return QuorumStatus(
        approvals=len(members),
        required=required,
        base_required=base,
        requirements=requirements,
        unmet=unmet,
        problems=problems,
    )


_DECIDED: contextvars.ContextVar[tuple[int, QuorumStatus] | None] = contextvars.ContextVar(
    "review_quorum_decided", default=None
)


@contextlib.contextmanager
def evaluated(article: Article, status: QuorumStatus) -> Iterator[None]:
    """Inside this block, the approve check reuses ``status``: the quorum the decision
    being recorded has just evaluated, under the same lock, so it is evaluated once per
    approval."""
    token = _DECIDED.set((article.pk, status))
    try:
        yield
    finally:
        _DECIDED.reset(token)


def quorum_problems(article: Article, *, content_hash: str | None = None) -> list[str]:
    """Why the board's approvals do not (yet) approve ``article``'s current text, if so."""
    decided = _DECIDED.get()
    if content_hash is None and decided is not None and decided[0] == article.pk:
        return decided[1].problems
    return quorum_status(article, content_hash=content_hash).problems


def requirements_in_force(status: QuorumStatus) -> str:
    """One line for the timeline: what the quorum was when a decision was recorded."""
    parts = [f"{status.required} approval{'s' if status.required != 1 else ''} of the current text"]
    parts += [f"one from {r.specialty_label}" for r in status.requirements if r.specialties]
    why = "; ".join(f"{r.source}: {r.reason}" for r in status.requirements)
    return ", ".join(parts) + (f" ({why})" if why else "")
