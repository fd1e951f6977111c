"""What the read API answers, built from the public site's own reads.

Who sees what is ``articles.visibility`` (the list starts from ``visible_articles()``);
the article is ``readers.selectors.article_page`` (the same frozen version, reviewers,
references, history and correction notice as the page), its JSON-LD is the page's
(``readers.jsonld``), the board and the policy are the pages' selectors. Nothing here
decides visibility again.

Queries per request do not grow with the data: the list is two (the page of articles
with their public title, summary and dates; their topics), an article at most eight (the
page's four, and four more for the other audience's version when there is one), the
board two, the policy one.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from datetime import datetime

from django.db.models import Case, CharField, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from articles.models import Article, ArticleStatus, PublishedVersion, StateChange, other_audience
from articles.visibility import has_live_version, show_pending, visible_articles
from readers import links
from readers import selectors as pages
from readers.jsonld import medical_web_page
from readers.prepared import Prepared

from .exceptions import ApiProblem

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
STEP_LABELS = dict(pages.STEPS)
PUBLIC_STATUS = {"approved", "submitted", "under_review"}
_SUP = re.compile(r"<sup[^>]*>(.*?)</sup>", re.S)
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|blockquote|pre)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")


def plain_text(body_html: str) -> str:
    """The text of an HTML body: citations as [1], one line per block, no markup."""
    text = _SUP.sub(lambda m: f"[{_TAG.sub('', m.group(1))}]", body_html or "")
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


# --- the list ---------------------------------------------------------------------------


def _last_submitted(field: str) -> Subquery:
    """``field`` of the text last handed to the board (what a sent-back article shows)."""
    history = Article.history.model
    submitted = (
        StateChange.objects.filter(
            article=OuterRef(OuterRef("pk")),
            target=ArticleStatus.SUBMITTED,
            history_id__isnull=False,
        )
        .order_by("-at", "-pk")
        .values("history_id")[:1]
    )
    return Subquery(history.objects.filter(history_id=Subquery(submitted)).values(field)[:1])


def _live(field: str) -> Subquery:
    """``field`` of the newest live approved version (None: none is live)."""
    return Subquery(
        PublishedVersion.objects.live()
        .filter(article=OuterRef("pk"))
        .order_by("-approved_at", "-pk")
        .values(field)[:1]
    )


def _public(field: str):
    """The value readers see: the live version's, else the pending text's."""
    pending = Case(
        When(status=ArticleStatus.CHANGES_REQUESTED, then=_last_submitted(field)),
        default=F(field),
    )
    return Coalesce(_live(field), pending, F(field))


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"a{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("a"):
            raise ValueError(raw)
        return int(raw[1:])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ApiProblem(
            400,
            "Bad cursor",
            "The cursor is not one this API gave out: start again without it.",
            errors=[{"field": "cursor", "reason": "not a cursor from a previous page"}],
        ) from None


def _annotated():
    return visible_articles().annotate(
        public_title=_public("title"),
        public_summary=_public("summary"),
        public_updated=_public("content_updated_at"),
        # The live version's review: a newer approval under embargo is not public yet.
        public_reviewed=_live("approved_at"),
        public_status=Case(
            When(has_live_version(per_row=True), then=Value("approved")),
            When(status=ArticleStatus.SUBMITTED, then=Value("submitted")),
            default=Value("under_review"),
            output_field=CharField(),
        ),
    )


_LIST_FIELDS = (
    "pk",
    "slug",
    "public_reviewed",
    "public_title",
    "public_summary",
    "public_updated",
    "public_status",
)
NO_CURSOR = 2**62


def _page_rows(articles, *, before: int, limit: int):
    return articles.filter(pk__lt=before).order_by("-pk").values(*_LIST_FIELDS)[: limit + 1]


# The unfiltered list and its pages (what most clients read) run prepared, as the site's
# pages do (``readers.prepared``): compiling this query costs the ORM ten times what the
# database takes to run it. ``pending`` (the setting) and ``limit`` are its shape.
_list_rows = Prepared(
    lambda pending, limit, before: _page_rows(_annotated(), before=before, limit=limit),
    before=int,
)


def article_list(
    *,
    topic: str = "",
    updated_since: datetime | None = None,
    status: str = "",
    query: str = "",
    cursor: str = "",
    limit: int = PAGE_SIZE,
) -> tuple[list[dict], str | None]:
    """A page of the articles readers can open, newest first, and the next cursor.

    The order is the order articles were created in, newest first: it never changes, so
    paging through with the cursor (the last item's id, opaque) neither skips nor repeats
    an article while others are edited or approved meanwhile, and each page reads only its
    own rows (ordering by "last updated" would compute it for every article on every
    page). A client keeping a copy asks for ``updated_since`` its last sync and pages to
    the end. ``query`` searches like the site's search (approved articles, PostgreSQL
    full-text search or a word match elsewhere). The list is never counted.
    """
    before = decode_cursor(cursor) if cursor else NO_CURSOR
    if not (topic or updated_since or status or query.strip()):
        rows = _list_rows(show_pending(), limit, before=before)
    else:
        articles = _annotated()
        if topic:
            articles = articles.filter(topics__slug=topic)
        if updated_since is not None:
            articles = articles.filter(public_updated__gte=updated_since)
        if status:
            articles = articles.filter(public_status=status)
        if query.strip():
            matching = pages.home_articles(query=query).order_by().values("pk")
            articles = articles.filter(pk__in=matching)
        rows = list(_page_rows(articles, before=before, limit=limit))
    more = len(rows) > limit
    rows = rows[:limit]
    topics: dict[int, list[dict]] = {}
    if rows:
        through = Article.topics.through.objects.filter(article_id__in=[r["pk"] for r in rows])
        for t in through.order_by("topic__name").values("article_id", "topic__slug", "topic__name"):
            topics.setdefault(t["article_id"], []).append(
                {"slug": t["topic__slug"], "name": t["topic__name"]}
            )
    items = [
        {
            "slug": r["slug"],
            "title": r["public_title"],
            "summary": r["public_summary"],
            "review_status": r["public_status"],
            "review_step": STEP_LABELS[r["public_status"]],
            "last_updated": r["public_updated"],
            "last_reviewed": r["public_reviewed"],
            "url": links.article_url(r["slug"]),
            "api_url": reverse("api-v1:article", args=[r["slug"]]),
            "topics": topics.get(r["pk"], []),
        }
        for r in rows
    ]
    next_cursor = encode_cursor(rows[-1]["pk"]) if more else None
    return items, next_cursor


# --- one article --------------------------------------------------------------------------


def _version(page) -> dict:
    return {
        "audience": page.audience,
        "summary": page.summary,
        "body_html": page.body_html,
        "body_text": plain_text(page.body_html),
    }


def _approver(a, absolute) -> dict:
    return {
        "name": a.name,
        "credentials": a.credentials,
        "credentials_explained": _credentials(a.credentials),
        "specialties": list(a.specialties or []),
        "approved_at": a.approved_at,
        "disclosure": a.disclosure or "",
        # The member's own page on the site.
        "board_url": absolute(a.url),
    }


def _credentials(credentials: str) -> list[dict]:
    return [
        {"abbreviation": abbr, "meaning": meaning}
        for abbr, meaning in pages.explain_credentials(credentials)
    ]


def _history_entry(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {
        "approval_reference": row["approval_reference"],
        "date": row["date"],
        "kind": row["change_kind"] or "first",
        "kind_label": row["kind_label"],
        "change_note": row["change_note"] or "",
    }


def _reference(ref: dict) -> dict:
    return {
        "number": ref.get("number"),
        "key": ref.get("key", ""),
        "kind": ref.get("kind", ""),
        "kind_label": ref.get("kind_label", ""),
        "text": ref.get("text", ""),
        "html": ref.get("html", ""),
        "doi": ref.get("doi") or "",
        "pmid": ref.get("pmid") or "",
        "url": ref.get("url") or "",
        "retracted": bool(ref.get("retracted")),
    }


def article_detail(*, slug: str, absolute) -> tuple[dict, datetime]:
    """The article readers see at ``slug`` and its "last modified"; 404 / 410 problems.

    ``absolute`` makes a path absolute (the JSON-LD names full addresses, as the page's).
    """
    page = pages.article_page(slug=slug)
    if page is None:
        raise ApiProblem(404, "Not found", f"No published article at “{slug[:80]}”.")
    if isinstance(page, pages.Gone):
        record = pages.archive_record(page.article)
        when = f" on {record.at:%Y-%m-%d}" if record else ""
        raise ApiProblem(410, "Gone", f"This article was withdrawn{when}.")
    versions = [_version(page)]
    if page.alt_available:
        other = pages.article_page(slug=slug, audience=other_audience(page.audience))
        if isinstance(other, pages.ArticlePage) and other.audience != page.audience:
            versions.append(_version(other))
    url = absolute(links.article_url(slug))
    status = (
        "approved"
        if page.approved
        else ("submitted" if page.step == "submitted" else "under_review")
    )
    approvers = [_approver(a, absolute) for a in page.approvers]
    data = {
        "slug": slug,
        "url": url,
        "title": page.title,
        **{k: v for k, v in versions[0].items() if k != "audience"},
        "audience": page.audience,
        "versions": versions,
        "review": {
            "status": status,
            "step": page.step_label,
            "steps": [label for _, label in pages.STEPS],
            "pending_notice": not page.approved,
            "approval_reference": page.approval_reference,
            "expired": page.expired,
        },
        "last_updated": page.content_updated_at,
        "last_reviewed": page.last_reviewed_at,
        "next_review_due": page.next_review_due,
        "date_published": page.date_published,
        "approvers": approvers,
        "disclosures": [
            {"name": a["name"], "disclosure": a["disclosure"]} for a in approvers if a["disclosure"]
        ],
        "references": [_reference(ref) for ref in page.references],
        "history": [_history_entry(row) for row in page.history],
        "correction": _history_entry(page.correction),
        "topics": list(page.topics),
        "related": [
            {"slug": r["slug"], "title": r["title"], "url": r["url"]} for r in page.related
        ],
        "jsonld": json.loads(medical_web_page(page, url=url, absolute=absolute)),
    }
    modified = max(d for d in (page.content_updated_at, page.last_reviewed_at) if d)
    return data, modified


# --- the board and the policy ------------------------------------------------------------


def board(*, absolute) -> tuple[dict, None]:
    members = [
        {
            "name": row["member"].display_name,
            "credentials": row["member"].credentials,
            "credentials_explained": _credentials(row["member"].credentials),
            "specialties": row["member"].specialty_list,
            "bio": row["member"].bio,
            "disclosure": row["member"].conflict_disclosure,
            "disclosed_on": row["member"].conflict_disclosed_at,
            "board_url": absolute(row["url"]),
            "articles": [
                {"slug": a["slug"], "title": a["title"], "url": links.article_url(a["slug"])}
                for a in row["articles"]
            ],
        }
        for row in pages.board_members()
    ]
    return {"members": members}, None


def policy(*, absolute) -> tuple[dict, datetime]:
    data = pages.policy_page()
    if data is None:
        raise ApiProblem(404, "Not found", "No editorial policy has been written yet.")
    page = data["page"]
    return {
        "title": page.title,
        "body_html": data["body_html"],
        "body_text": plain_text(data["body_html"]),
        "last_updated": page.updated_at,
        "url": absolute(reverse("readers:editorial_policy")),
    }, page.updated_at
