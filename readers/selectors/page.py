"""What an article page shows, built from a frozen approved version or from a text not
approved yet (pending pages and staff previews): the reader's audience honoured, the
citations linked, the approving members named."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.utils.text import slugify

from articles.models import (
    Article,
    ArticleStatus,
    Audience,
    PublishedVersion,
    other_audience,
)
from articles.rendering import render_preview
from review.models import BoardMember

from .. import links
from .visibility import (
    STEPS,
)


@dataclass
class Approver:
    name: str
    credentials: str
    approved_at: datetime | None
    anchor: str
    disclosure: str
    specialties: list
    # The member's own page (``/advisory-board/<id>/``), or their entry on the board page
    # for a reviewer no longer found among the members.
    url: str = ""

    @property
    def approved_iso(self) -> str:
        return links.iso(self.approved_at)

    @property
    def approved_long(self) -> str:
        return links.long_date(self.approved_at)


@dataclass
class ArticlePage:
    """Everything the article page shows, as plain data (cacheable, template-ready)."""

    article: Article
    title: str
    summary: str
    body_html: str
    references: list
    step: str
    approved: bool
    content_updated_at: datetime
    last_reviewed_at: datetime | None = None
    next_review_due: date | None = None
    date_published: datetime | None = None
    approval_reference: str = ""
    approvers: list = field(default_factory=list)
    related: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    preview: bool = False
    # Audience versions: the audience of the text shown, the reader's choice ("" none),
    # whether the choice had no text of its own (the other one is shown, with a note).
    audience: str = Audience.CLINICIAN
    wanted: str = ""
    fallback: bool = False
    alt_available: bool = False
    # The public record: approved versions newest first, a recent correction, the expiry
    # banner, and (on an old version's page) the current version it was superseded by.
    history: list = field(default_factory=list)
    correction: dict | None = None
    expired: bool = False
    superseded: bool = False
    preview_label: str = ""  # staff previews: which version this is
    preview_back_url: str = ""
    withheld: bool = False  # not safe to show: a notice instead of the text

    @property
    def steps(self) -> list[dict]:
        keys = [key for key, _ in STEPS]
        current = keys.index(self.step)
        return [
            {"label": label, "current": i == current, "done": i < current}
            for i, (_key, label) in enumerate(STEPS)
        ]

    @property
    def updated_iso(self) -> str:
        return links.iso(self.content_updated_at)

    @property
    def updated_long(self) -> str:
        return links.long_date(self.content_updated_at)

    @property
    def next_review_iso(self) -> str:
        return links.iso(self.next_review_due)

    @property
    def next_review_long(self) -> str:
        return links.long_date(self.next_review_due)

    @property
    def expired_long(self) -> str:
        """The day the article expired, in the site's time zone ("March 12, 2026")."""
        return links.long_date(self.article.expires_at)

    @property
    def step_label(self) -> str:
        return dict(STEPS)[self.step]

    @property
    def alt_audience_choice(self) -> str:
        return other_audience(self.audience)


class Gone:
    """An archived article: the page answers 410."""

    def __init__(self, article: Article):
        self.article = article


def _with_audience(page: ArticlePage, version: PublishedVersion, wanted: str) -> ArticlePage:
    shown, summary, body_html = version.text_for(wanted or version.audience)
    page.audience = shown
    page.summary = summary
    page.body_html = link_citations(body_html)
    page.wanted = wanted
    page.fallback = bool(wanted) and shown != wanted
    page.alt_available = bool(version.alt_body_html.strip())
    return page


_CITATION_LINK = re.compile(r'<a href="#ref-(\d+)"([^>]*)>')


def link_citations(body_html: str) -> str:
    """Give each citation link an id (for the way back) and an accessible name.

    The body was sanitised when it was rendered; this only adds attributes with values
    made here (numbers), so it cannot let anything through.
    """
    seen: dict[str, int] = {}

    def add(match: re.Match) -> str:
        n = match.group(1)
        seen[n] = seen.get(n, 0) + 1
        anchor = f"cite-{n}" if seen[n] == 1 else f"cite-{n}-{seen[n]}"
        return f'<a href="#ref-{n}" id="{anchor}" aria-label="Reference {n}"{match.group(2)}>'

    return _CITATION_LINK.sub(add, body_html)


def _approvers(reviewers: list[dict]) -> list[Approver]:
    """The frozen reviewers, linked to their board entries.

    Versions approved since reviewers were frozen with their member id and disclosure need
    no query; older ones look their members up (one query) by id or name.
    """
    legacy = [r for r in reviewers if not r.get("member_id") or "disclosure" not in r]
    by_id, by_name = {}, {}
    if legacy:
        ids = [r["member_id"] for r in legacy if r.get("member_id")]
        names = [r.get("name", "") for r in legacy]
        members = BoardMember.objects.filter(Q(pk__in=ids) | Q(display_name__in=names)).only(
            "pk", "display_name", "conflict_disclosure"
        )
        by_id = {m.pk: m for m in members}
        by_name = {m.display_name: m for m in members}
    out = []
    for r in reviewers:
        member = by_id.get(r.get("member_id")) or by_name.get(r.get("name", ""))
        member_id = r.get("member_id") if "disclosure" in r else None
        member_id = member_id or (member.pk if member else None)
        approved_at = r.get("approved_at")
        anchor = f"member-{member_id}" if member_id else f"member-{slugify(r.get('name'))}"
        out.append(
            Approver(
                name=r.get("name", ""),
                credentials=r.get("credentials", ""),
                approved_at=datetime.fromisoformat(approved_at) if approved_at else None,
                anchor=anchor,
                url=links.member_url(member_id) if member_id else f"{links.board_url()}#{anchor}",
                # What the member declared when approving; older versions did not store it.
                disclosure=r.get("disclosure")
                if "disclosure" in r
                else (member.conflict_disclosure if member else ""),
                specialties=r.get("specialties", []),
            )
        )
    return out


def approved_page(
    article: Article,
    published: PublishedVersion,
    *,
    last_reviewed_at: datetime | None,
    date_published: datetime | None,
    audience: str = "",
) -> ArticlePage:
    """What readers see of an approved version: its frozen text, references and reviewers."""
    page = ArticlePage(
        article=article,
        title=published.title,
        summary=published.summary,
        body_html="",  # set by _with_audience: the text for the reader's audience
        references=published.references,
        step=ArticleStatus.APPROVED,
        approved=True,
        content_updated_at=published.content_updated_at,
        last_reviewed_at=last_reviewed_at,
        next_review_due=article.next_review_due,
        date_published=date_published,
        approval_reference=published.approval_reference,
        approvers=_approvers(published.reviewers),
    )
    return _with_audience(page, published, audience)


def pending_page(
    article: Article, *, step: str, preview: bool = False, audience: str = ""
) -> ArticlePage:
    """What readers would see of a text not approved (yet): also used for staff previews.

    ``article`` may be an unsaved ``Article`` built from an older version's fields (title,
    summary, body, the other audience's version): the citations are numbered from the
    body, as on approval. ``audience`` is the reader's choice, honoured as on an approved
    page: the other audience's text when there is one, else the main text with
    ``fallback`` set.
    """
    data = render_preview(article)
    alt_html = data.get("alt_body_html", "")
    wanted = audience
    shows_alt = bool(wanted) and wanted != article.audience and bool(alt_html.strip())
    return ArticlePage(
        article=article,
        title=article.title,
        summary=article.alt_summary if shows_alt else article.summary,
        body_html=link_citations(alt_html if shows_alt else data["body_html"]),
        references=data["references"],
        step=step,
        approved=False,
        content_updated_at=article.content_updated_at,
        preview=preview,
        audience=other_audience(article.audience) if shows_alt else article.audience,
        wanted=wanted,
        fallback=bool(wanted) and not shows_alt and wanted != article.audience,
        alt_available=bool(alt_html.strip()),
    )
