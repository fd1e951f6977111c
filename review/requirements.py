"""What the apps above ``review`` add to an article's quorum.

The quorum is "N approvals of the current text, including at least one from each required
specialty". ``review`` computes it (``selectors.quorum_status``) and refuses approval
until it holds, but the rules that raise it live above (e.g. ``safety``: "an article with
dosing claims needs a pharmacist"), and ``review`` must not import them. Their review
extension (``review.extensions.ReviewExtension.requirements``) returns the requirements
in force for the current text, each saying where it comes from and why, so every screen
can explain it. They only read, and are asked again whenever the quorum is evaluated, so
an edit that changes what matches changes the requirements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Requirement:
    """One addition to the quorum, with its explanation.

    ``approvals``: at least this many approvals of the current text (0: no change).
    ``specialties``: at least one of those approvals from a member with any of these
    specialties (compared without regard to case or surrounding spaces).
    """

    source: str  # e.g. "review policy “Dosing needs a pharmacist”"
    reason: str  # e.g. "dosing claims in paragraphs 2, 4"
    approvals: int = 0
    specialties: tuple[str, ...] = ()

    @property
    def specialty_label(self) -> str:
        return " or ".join(self.specialties)

    @property
    def summary(self) -> str:
        parts = []
        if self.approvals:
            parts.append(f"{self.approvals} approval{'s' if self.approvals != 1 else ''}")
        if self.specialties:
            parts.append(f"one approval from {self.specialty_label}")
        return " and ".join(parts) or "nothing"

    @property
    def explanation(self) -> str:
        return f"{self.summary} ({self.source}: {self.reason})"

    def satisfied_by(self, specialties: list[str]) -> bool:
        wanted = {normalise(s) for s in self.specialties}
        return bool(wanted & {normalise(s) for s in specialties})


def normalise(specialty: str) -> str:
    return " ".join(specialty.split()).casefold()
