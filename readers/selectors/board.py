"""The advisory board page and the editorial policy page."""

from __future__ import annotations

import re

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from articles.models import (
    Article,
    PublishedVersion,
)
from articles.rendering import render_markdown
from articles.visibility import not_archived
from review.models import BoardMember, Decision, ReviewAssignment

from .. import links
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


RECENT_PER_MEMBER = 5
# A member's own page lists this many of their most recent approvals.
RECENT_ON_MEMBER_PAGE = 20


def _recent_approvals(members: list[BoardMember], per_member: int) -> dict[int, list[int]]:
    """For each member, the articles of their most recent approvals still public (newest
    first, at most ``per_member``): a few rows per member, whatever the backlog.

    PostgreSQL reads them per member through the (reviewer, decided) index; elsewhere a
    window over the members' approvals.
    """
    approvals = (
        ReviewAssignment.objects.filter(decision=Decision.APPROVE, published_version__isnull=False)
        .filter(Exists(PublishedVersion.objects.live().filter(article=OuterRef("article"))))
        # An anti-join, so a member's approvals are read from
        # ``assignment_member_approvals`` alone.
        .filter(not_archived())
    )
    # A member who approved several versions of one article: a few more rows than shown.
    wanted = per_member * 2
    if connection.vendor == "postgresql":
        recent = (
            approvals.filter(reviewer=OuterRef("pk"))
            .order_by("-decided_at", "-pk")
            .values("article_id")[:wanted]
        )
        rows = (
            BoardMember.objects.filter(pk__in=[m.pk for m in members])
            .annotate(recent=ArraySubquery(recent))
            .values_list("pk", "recent")
        )
    else:
        ranked = (
            approvals.filter(reviewer__in=members)
            .annotate(
                row=Window(
                    RowNumber(),
                    partition_by=[F("reviewer_id")],
                    order_by=[F("decided_at").desc(), F("pk").desc()],
                )
            )
            .filter(row__lte=wanted)
            .order_by("reviewer_id", "row")
            .values_list("reviewer_id", "article_id")
        )
        grouped: dict[int, list[int]] = {}
        for member_id, article_id in ranked:
            grouped.setdefault(member_id, []).append(article_id)
        rows = grouped.items()
    return {
        member_id: list(dict.fromkeys(article_ids or []))[:per_member]
        for member_id, article_ids in rows
    }


def _entries(members: list[BoardMember], per_member: int) -> list[dict]:
    """``members`` ready to print: credentials explained, links, and (``per_member`` > 0)
    the articles each approved most recently, titled by their live version."""
    recent = _recent_approvals(members, per_member) if per_member else {}
    latest_title = Subquery(
        PublishedVersion.objects.live()
        .filter(article=OuterRef("pk"))
        .order_by("-approved_at", "-pk")
        .values("title")[:1]
    )
    wanted = {pk for ids in recent.values() for pk in ids}
    articles = (
        {
            row["pk"]: row
            for row in Article.objects.filter(pk__in=wanted)
            .annotate(public_title=latest_title)
            .values("pk", "slug", "public_title")
        }
        if wanted
        else {}
    )
    return [
        {
            "member": m,
            "anchor": f"member-{m.pk}",
            "url": links.member_url(m.pk),
            "credentials": explain_credentials(m.credentials),
            "specialties": m.specialty_list,
            "articles": [
                {
                    "slug": articles[pk]["slug"],
                    "url": links.article_url(articles[pk]["slug"]),
                    "title": articles[pk]["public_title"],
                }
                for pk in recent.get(m.pk, [])
                if pk in articles
            ],
        }
        for m in members
    ]


def board_members(*, per_member: int = RECENT_PER_MEMBER) -> list[dict]:
    """Active members by name with their credentials explained and the articles each
    approved most recently (``per_member``; 0: none): at most three queries, whatever
    the number of members and reviews."""
    members = list(BoardMember.objects.filter(is_active=True).order_by("display_name"))
    return _entries(members, per_member)


def board_member(pk: int) -> dict | None:
    """A member's own page: who they are, what they declared and the articles they
    approved most recently (``RECENT_ON_MEMBER_PAGE``); ``None`` when there is no such
    member. A member who has left the board keeps their page (the versions they approved
    still name and link them), marked as a former member."""
    member = BoardMember.objects.filter(pk=pk).first()
    if member is None:
        return None
    return _entries([member], RECENT_ON_MEMBER_PAGE)[0]


def policy_page(slug: str = "editorial-policy") -> dict | None:
    page = PolicyPage.objects.filter(slug=slug).first()
    if page is None:
        return None
    return {"page": page, "body_html": render_markdown(page.body)}
