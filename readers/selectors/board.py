"""The advisory board page and the editorial policy page."""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef, Subquery

from articles.models import (
    ArticleStatus,
    PublishedVersion,
)
from articles.rendering import render_markdown
from review.models import BoardMember, Decision, ReviewAssignment

from ..models import PolicyPage

# Degree acronyms explained on the board page.
CREDENTIALS = {
    "MD": "Doctor of Medicine",
    "DO": "Doctor of Osteopathic Medicine",
    "MBBS": "Bachelor of Medicine, Bachelor of Surgery",
    "PhD": "Doctor of Philosophy",
    "PharmD": "Doctor of Pharmacy",
    "MPH": "Master of Public Health",
    "FACP": "Fellow of the American College of Physicians",
    "FRCP": "Fellow of the Royal College of Physicians",
    "FACS": "Fellow of the American College of Surgeons",
    "RN": "Registered Nurse",
    "NP": "Nurse Practitioner",
    "PA": "Physician Assistant",
    "MSc": "Master of Science",
}


# --- board and policy -----------------------------------------------------------------


def explain_credentials(credentials: str) -> list[tuple[str, str]]:
    """("MD", "Doctor of Medicine") for each acronym in "MD, FACP" ("" when unknown)."""
    parts = [p.strip() for p in re.split(r"[,;/]", credentials or "") if p.strip()]
    return [(p, CREDENTIALS.get(p.replace(".", ""), "")) for p in parts]


def board_members() -> list[dict]:
    """Active members with their credentials explained and the articles each approved."""
    members = list(BoardMember.objects.filter(is_active=True).order_by("display_name"))
    latest_title = Subquery(
        PublishedVersion.objects.live()
        .filter(article=OuterRef("article"))
        .order_by("-approved_at", "-pk")
        .values("title")[:1]
    )
    reviewed = (
        ReviewAssignment.objects.filter(
            reviewer__in=members,
            decision=Decision.APPROVE,
            published_version__isnull=False,
        )
        .filter(Exists(PublishedVersion.objects.live().filter(article=OuterRef("article"))))
        .exclude(article__status=ArticleStatus.ARCHIVED)
        .annotate(public_title=latest_title)
        .values("reviewer_id", "article__slug", "public_title")
        .order_by("public_title")
    )
    by_member: dict[int, dict[str, str]] = {}
    for row in reviewed:
        by_member.setdefault(row["reviewer_id"], {})[row["article__slug"]] = row["public_title"]
    return [
        {
            "member": m,
            "anchor": f"member-{m.pk}",
            "credentials": explain_credentials(m.credentials),
            "articles": [
                {"slug": slug, "title": title} for slug, title in by_member.get(m.pk, {}).items()
            ],
        }
        for m in members
    ]


def policy_page(slug: str = "editorial-policy") -> dict | None:
    page = PolicyPage.objects.filter(slug=slug).first()
    if page is None:
        return None
    return {"page": page, "body_html": render_markdown(page.body)}
