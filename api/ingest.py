"""Drafts from upstream writers: create or update an article by its external id.

Everything goes through the services editors use (``articles.services`` to create, edit,
start a revision and submit; the reference library to look references up and import
CSL-JSON), so every rule holds: text cleaning, body size and bracket depth, citation
markers, retracted references, claims warnings. The whole call is one transaction: a
refusal anywhere (a reference that cannot be resolved, a submit check) rolls back
everything, including references the call had added to the library.

Decisions where the API could do more than an editor would:

- It never approves or publishes: the furthest it goes is "submitted" (``submit: true``).
- Updating an approved article starts a revision (a new working draft) exactly as
  "Start a revision" does; readers keep the approved version until the board approves
  the new one. An archived article is refused (restore it in the admin first).
- The writer's citation keys are kept when the library has no reference with them;
  when a DOI or PMID resolves to a reference stored under another key, the body's
  markers are rewritten to the library's key (the response lists the mapping).
- The same call twice changes nothing the second time (no new version, no timeline entry
  but the log of the call).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from articles import checks
from articles import services as article_services
from articles.exceptions import (
    ActionForbidden,
    ArticleConflict,
    ArticleError,
    TransitionRefused,
)
from articles.models import Article, ArticleStatus, Topic
from articles.textclean import strip_control
from references.markers import KEY_PATTERN
from references.models import Citation, Reference
from references.services import (
    citation_attach,
    reference_import,
    reference_lookup_doi,
    reference_lookup_pmid,
)
from review.models import EventKind
from review.services import event_record

from .exceptions import ApiProblem
from .models import ApiKey, IngestedArticle

TEXT_FIELDS = ("title", "summary", "body", "alt_summary", "alt_body")
_MARKER_KEY = re.compile(rf"(?<=[\[;])(\s*)@({KEY_PATTERN})(?=\s*[;\]])")


@dataclass
class IngestResult:
    article: Article
    created: bool
    changed: bool
    submitted: bool
    keys: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _refused(errors: list[dict], detail: str = "") -> ApiProblem:
    detail = detail or "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return ApiProblem(422, "The draft was refused", f"{detail} Nothing was stored.", errors=errors)


def _clean_texts(data) -> tuple[dict[str, str], list[dict]]:
    """Each text through ``clean_text_fields`` on its own, so a refusal names its field."""
    cleaned, errors = {}, []
    for name in TEXT_FIELDS:
        value = getattr(data, name) or ""
        # The body rules (size, bracket depth) hold for both audience versions.
        as_field = "body" if name == "alt_body" else name
        try:
            cleaned[name] = article_services.clean_text_fields({as_field: value})[as_field]
        except ArticleError as error:
            errors.append({"field": name, "reason": error.message})
    return cleaned, errors


def _topics(slugs: list[str]) -> tuple[list[Topic], list[dict]]:
    found = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
    errors = [
        {"field": f"topics.{i}", "reason": f"No topic “{slug[:80]}”: topics are made in the admin."}
        for i, slug in enumerate(slugs)
        if slug not in found
    ]
    return [found[s] for s in dict.fromkeys(slugs) if s in found], errors


def _resolve_one(actor, item) -> Reference:
    if item.doi:
        return reference_lookup_doi(actor=actor, doi=item.doi)[0]
    if item.pmid:
        return reference_lookup_pmid(actor=actor, pmid=item.pmid)[0]
    report = reference_import(
        actor=actor, content=json.dumps([item.csl], ensure_ascii=False), filename="entry.json"
    )
    if report.errors or not (report.created or report.matched):
        raise ArticleError("; ".join(report.errors) or "The CSL-JSON entry holds no reference.")
    return (report.created or report.matched)[0]


def _resolve_references(actor, items) -> tuple[list[tuple[str, Reference]], list[dict]]:
    """Each reference through the library (dedupe, look-up, import rules), in order."""
    resolved, errors = [], []
    for i, item in enumerate(items):
        which = "doi" if item.doi else "pmid" if item.pmid else "csl"
        try:
            with transaction.atomic():
                reference = _resolve_one(actor, item)
        except ArticleError as error:
            errors.append({"field": f"references.{i}.{which}", "reason": error.message})
            continue
        resolved.append((item.key or reference.key, reference))
    return resolved, errors


def rekey(body: str, mapping: dict[str, str]) -> str:
    """``[@writer]`` → ``[@library]`` inside citation markers, for keys that differ."""
    if not mapping:
        return body

    def swap(match: re.Match) -> str:
        key = match.group(2)
        return f"{match.group(1)}@{mapping.get(key, key)}"

    return _MARKER_KEY.sub(swap, body)


def _problem_of(error: ArticleError) -> ApiProblem:
    if isinstance(error, ActionForbidden):
        return ApiProblem(403, "Forbidden", f"{error.message} (the key's account)")
    if isinstance(error, ArticleConflict):
        return ApiProblem(409, "Conflict", error.message)
    if isinstance(error, TransitionRefused) and error.problems:
        return _refused([{"field": _field_of(p), "reason": p} for p in error.problems])
    return _refused([{"field": _field_of(error.message), "reason": error.message}])


def _field_of(problem: str) -> str:
    """The request field a submit check speaks of (markers and sources are in the body)."""
    text = problem.lower()
    if "what changed" in text or "kind of change" in text:
        return "change_note"
    if "question (title)" in text or "needs a question" in text:
        return "title"
    return "body"


def _write(key: ApiKey, link, data, texts, topics, comment) -> tuple[Article, bool]:
    actor = key.user
    fields = {**texts, "audience": data.audience}
    if link is None:
        article = article_services.article_create(
            actor=actor, topics=topics, comment=comment, **fields
        )
        IngestedArticle.objects.create(external_id=data.external_id, article=article, api_key=key)
        return article, True
    article = Article.objects.get(pk=link.article_id)
    if article.status == ArticleStatus.ARCHIVED:
        raise ApiProblem(
            409,
            "Conflict",
            f"“{article.title}” is archived: an editor must restore it before drafts can "
            "arrive for it. Nothing was stored.",
        )
    # Only a change of the text starts a revision; the same text sent again after approval
    # changes nothing (its change note is for the next revision, not a reason for one).
    differs = any(getattr(article, k) != v for k, v in fields.items())
    if article.status == ArticleStatus.APPROVED and differs:
        article = article_services.article_revise(article=article, actor=actor, comment=comment)
    if article.status != ArticleStatus.APPROVED:
        for name in ("change_kind", "change_note"):
            if getattr(data, name) is not None:
                fields[name] = strip_control(getattr(data, name))
    article = article_services.article_update(
        article=article,
        actor=actor,
        expected_lock_version=article.lock_version,
        comment=comment,
        topics=topics,
        **fields,
    )
    IngestedArticle.objects.filter(pk=link.pk).update(updated_at=article.content_updated_at)
    return article, False


@transaction.atomic
def draft_ingest(*, key: ApiKey, data) -> IngestResult:
    """Create or update the draft ``data.external_id`` names; refuse, storing nothing."""
    actor = key.user
    texts, errors = _clean_texts(data)
    topics, topic_errors = _topics(data.topics)
    errors += topic_errors
    resolved, reference_errors = _resolve_references(actor, data.references)
    errors += reference_errors
    if errors:
        raise _refused(errors)
    mapping = {written: ref.key for written, ref in resolved if written != ref.key}
    texts["body"] = rekey(texts["body"], mapping)
    texts["alt_body"] = rekey(texts["alt_body"], mapping)
    link = IngestedArticle.objects.select_for_update().filter(external_id=data.external_id).first()
    comment = f"through the content API (key “{key.name}”, external id {data.external_id})"
    before = None
    if link is not None:
        before = Article.objects.get(pk=link.article_id).lock_version
    try:
        article, created = _write(key, link, data, texts, topics, comment)
        for _written, reference in resolved:
            if not Citation.objects.filter(article=article, reference=reference).exists():
                citation_attach(article=article, reference=reference, actor=actor)
        submitted = False
        if data.submit and article.status in (ArticleStatus.DRAFT, ArticleStatus.CHANGES_REQUESTED):
            article = article_services.article_submit(
                article=article,
                actor=actor,
                comment=comment,
                change_kind=data.change_kind,
                change_note=strip_control(data.change_note) if data.change_note else None,
            )
            submitted = True
    except ArticleError as error:
        raise _problem_of(error) from None
    except IntegrityError:
        # Another call with the same external id (or a draft with the same title) was
        # being saved at the same moment: this one changes nothing and may be repeated.
        raise ApiProblem(
            409,
            "Conflict",
            f"Another call for “{data.external_id}” was saved at the same moment. Nothing "
            "was stored by this one: send it again.",
        ) from None
    article.refresh_from_db()
    changed = created or submitted or article.lock_version != before
    if changed:
        what = "created the draft" if created else "updated the article"
        if submitted:
            what += " and submitted it for review"
        event_record(
            article=article,
            kind=EventKind.CONTENT_API,
            actor=actor,
            message=f"Content API key “{key.name}” {what} (external id {data.external_id}).",
        )
    return IngestResult(
        article=article,
        created=created,
        changed=changed,
        submitted=submitted,
        keys=mapping,
        warnings=checks.save_warnings(article),
    )
