""" "Which best describes you?": the reader's audience, kept in a cookie (no login).

The choice changes which text an article page shows (the plain-language version for
patients and caregivers, or the clinician text), so it is part of the page-cache key
(``readers.cache``). An unknown or missing cookie means "no choice": each article shows
the text written for its own audience.
"""

from __future__ import annotations

from articles.models import Audience

COOKIE = "audience"
MAX_AGE = 365 * 24 * 3600
LABELS = {
    Audience.PATIENT: "Patient or caregiver",
    Audience.CLINICIAN: "Healthcare professional",
}
# How the page says which version it shows.
SHOWN = {
    Audience.PATIENT: "patients and caregivers (plain language)",
    Audience.CLINICIAN: "healthcare professionals",
}


def chosen(request) -> str:
    value = request.COOKIES.get(COOKIE, "")
    return value if value in Audience.values else ""
