"""The shapes the content API answers and accepts (pydantic, published in the OpenAPI)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, model_validator

TopicSlug = Annotated[str, Field(max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]
ReviewStatus = Literal["approved", "submitted", "under_review"]
AudienceName = Literal["clinician", "patient"]


class Problem(Schema):
    """A refusal (RFC 9457 problem document, ``application/problem+json``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


class FieldError(Schema):
    field: str = Field(description="Dotted path into the request body; empty for the call.")
    reason: str


class TopicOut(Schema):
    slug: str
    name: str


class ArticleListItem(Schema):
    slug: str
    title: str
    summary: str
    review_status: ReviewStatus
    review_step: str = Field(description="“Submitted”, “Under Review” or “Approved”.")
    last_updated: datetime = Field(description="The last change of substance readers see.")
    last_reviewed: datetime | None
    url: str
    api_url: str
    topics: list[TopicOut]


class ArticleList(Schema):
    items: list[ArticleListItem]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")
    next: str | None


class AudienceVersion(Schema):
    audience: AudienceName
    summary: str
    body_html: str
    body_text: str


class Credential(Schema):
    abbreviation: str
    meaning: str


class ApproverOut(Schema):
    name: str
    credentials: str
    credentials_explained: list[Credential]
    specialties: list[str]
    approved_at: datetime | None
    disclosure: str
    board_url: str


class DisclosureOut(Schema):
    name: str
    disclosure: str


class ReferenceOut(Schema):
    number: int | None
    key: str
    kind: str
    kind_label: str
    text: str
    html: str
    doi: str
    pmid: str
    url: str
    retracted: bool


class HistoryEntry(Schema):
    approval_reference: str
    date: datetime
    kind: str
    kind_label: str
    change_note: str


class RelatedOut(Schema):
    slug: str
    title: str
    url: str


class ReviewOut(Schema):
    status: ReviewStatus
    step: str
    steps: list[str]
    pending_notice: bool = Field(description="Shown with the caution banner (not approved).")
    approval_reference: str
    expired: bool


class ArticleOut(Schema):
    slug: str
    url: str
    title: str
    summary: str
    body_html: str
    body_text: str
    audience: AudienceName
    versions: list[AudienceVersion]
    review: ReviewOut
    last_updated: datetime
    last_reviewed: datetime | None
    next_review_due: date | None
    date_published: datetime | None
    approvers: list[ApproverOut]
    disclosures: list[DisclosureOut]
    references: list[ReferenceOut]
    history: list[HistoryEntry]
    correction: HistoryEntry | None
    topics: list[TopicOut]
    related: list[RelatedOut]
    jsonld: dict[str, Any] = Field(description="The page's schema.org MedicalWebPage.")


class BoardArticle(Schema):
    slug: str
    title: str
    url: str


class BoardMemberOut(Schema):
    name: str
    credentials: str
    credentials_explained: list[Credential]
    specialties: list[str]
    bio: str
    disclosure: str
    disclosed_on: date | None
    board_url: str
    articles: list[BoardArticle]


class BoardOut(Schema):
    members: list[BoardMemberOut]


class PolicyOut(Schema):
    title: str
    body_html: str
    body_text: str
    last_updated: datetime
    url: str


# --- ingest ---------------------------------------------------------------------------


class ReferenceIn(Schema):
    """One reference: exactly one of ``doi``, ``pmid`` or ``csl`` (a CSL-JSON item)."""

    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(
        None,
        max_length=100,
        pattern=r"^[A-Za-z0-9_][\w:.#$%&\-+?<>~/]*$",
        description="The key the body cites it by ([@key]).",
    )
    doi: str | None = Field(None, max_length=300)
    pmid: str | None = Field(None, max_length=40)
    csl: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        given = [name for name in ("doi", "pmid", "csl") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("give exactly one of doi, pmid or csl")
        return self


class DraftIn(Schema):
    """A draft article. Unknown fields are refused (a misspelt field is not silently lost,
    and there is no field for a status: a draft is never approved through the API)."""

    model_config = ConfigDict(extra="forbid")
    external_id: str = Field(
        min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$",
        description="Your id for the article: the same id updates the same draft.",
    )  # fmt: skip
    title: str = Field(min_length=1, max_length=255, description="The clinical question.")
    summary: str = Field("", max_length=5000, description="The short answer.")
    body: str = Field("", description="Markdown with [@key] citation markers.")
    audience: AudienceName = "clinician"
    alt_summary: str = Field("", max_length=5000, description="The summary for the other audience.")
    alt_body: str = Field("", description="The body for the other audience (plain language).")
    topics: list[TopicSlug] = Field(
        [], max_length=20, description="Topic slugs (made in the admin)."
    )
    references: list[ReferenceIn] = Field([], max_length=200)
    change_kind: Literal["update", "correction", "minor"] | None = None
    change_note: str | None = Field(None, max_length=300)
    submit: bool = Field(False, description="Submit for review once saved.")


class DraftOut(Schema):
    external_id: str
    slug: str
    status: str
    text_version: int
    created: bool
    changed: bool
    submitted: bool
    keys: dict[str, str] = Field(description="Writer's citation key → the library's key.")
    warnings: list[str]
    review_url: str


Problem.model_rebuild()
