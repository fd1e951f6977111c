"""The article's citation list, derived from its body, and what readers will see."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from articles.models import Article, ArticleStatus
from articles.rendering import render_markdown
from articles.services import EDITABLE_STATES

from ..exceptions import ReferenceInUse, ReferenceLibraryError
from ..formatting import format_references
from ..markers import number_citations, render_markers
from ..models import Citation, Reference
from ..selectors import reference_entry
from .common import require

# --- citations -----------------------------------------------------------------------


def _sync(article_id: int) -> tuple[Article, list[Citation]]:
    """Derive the article's citation list from its body (call inside a transaction).

    Returns the article as read under the lock and all its citations, cited ones first
    in number order, each with its reference loaded. A constant number of queries.
    """
    fresh = Article.objects.select_for_update().get(pk=article_id)
    numbers = number_citations(fresh.body)
    by_key = {r.key: r for r in Reference.objects.filter(key__in=list(numbers))} if numbers else {}
    wanted: dict[int, int] = {}
    for key in numbers:  # renumber known keys only: an unknown key takes no number
        if key in by_key:
            wanted[by_key[key].pk] = len(wanted) + 1
    current = list(Citation.objects.filter(article=fresh).select_related("reference"))
    current_ids = {c.reference_id for c in current}
    changed = []
    for citation in current:
        number = wanted.get(citation.reference_id)
        if citation.number != number:
            citation.number = number
            changed.append(citation)
    if changed:
        Citation.objects.bulk_update(changed, ["number"])
    new = [
        Citation(article=fresh, reference=reference, number=wanted[reference.pk])
        for reference in by_key.values()
        if reference.pk in wanted and reference.pk not in current_ids
    ]
    if new:
        Citation.objects.bulk_create(new)
    citations = sorted(
        [*current, *new],
        key=lambda c: (c.number is None, c.number or 0, c.reference.key),
    )
    return fresh, citations


def lock_for_attaching(article: Article) -> Article:
    """The article, locked for this transaction, if its references may change; else refuse.

    Attaching is an edit of the article: an approved article is frozen until a revision
    starts, an archived one until it is restored (``articles.services.EDITABLE_STATES``).
    The row lock keeps a concurrent transition (say, an approval) from passing in between.
    """
    fresh = Article.objects.select_for_update().filter(pk=article.pk).first()
    if fresh is None:
        raise ReferenceLibraryError("This article no longer exists.")
    if fresh.status not in EDITABLE_STATES:
        remedy = "restore it" if fresh.status == ArticleStatus.ARCHIVED else "start a revision"
        raise ReferenceLibraryError(
            f"“{fresh.title}” is {fresh.get_status_display().lower()}: "
            f"{remedy} before attaching references."
        )
    return fresh


def sync_after_edit(article: Article, *, actor, substance_changed: bool) -> None:
    """After every edit (``ReferencesExtension.after_edit``): the list follows the body, in the txn.

    Runs inside the article service's transaction (after create, update and revert), so a
    rule that reads the citation list (key change, deletion) never sees a stale one, and a
    failure here rolls the edit back.
    """
    if substance_changed:
        _sync(article.pk)


@transaction.atomic
def citations_sync(*, article: Article) -> list[Citation]:
    """Recompute the article's numbered citation list from its body's ``[@key]`` markers.

    Numbers follow the order of first appearance; a reference cited again keeps its first
    number; attached references that the body does not cite stay, with no number; keys
    that match no reference are left out (submission is refused while there are any).
    Writes nothing when the list is already right.
    """
    return _sync(article.pk)[1]


@transaction.atomic
def citation_attach(*, article: Article, reference: Reference, actor) -> Citation:
    """Attach a reference to an article before citing it (numbered once the body cites it)."""
    require(actor, "articles.change_article", "edit articles")
    fresh = lock_for_attaching(article)
    Citation.objects.get_or_create(article=fresh, reference=reference)
    _, citations = _sync(fresh.pk)
    return next(c for c in citations if c.reference_id == reference.pk)


@transaction.atomic
def citation_detach(*, article: Article, reference: Reference, actor) -> None:
    """Remove an attached reference; refused while the body still cites it."""
    require(actor, "articles.change_article", "edit articles")
    _, citations = _sync(article.pk)
    for citation in citations:
        if citation.reference_id == reference.pk:
            if citation.number is not None:
                raise ReferenceInUse(
                    f"The reference '{reference.key}' is cited in the body as [@{reference.key}]"
                    f" (reference {citation.number}); remove the marker from the body first."
                )
            citation.delete()


# --- what readers see ----------------------------------------------------------------


@transaction.atomic
def article_publication_data(*, article: Article) -> dict[str, Any]:
    """The body with linked superscript citation numbers, and its numbered reference list.

    ``{"body_html": str, "references": [{number, key, kind, kind_label, html, text, doi,
    pmid, url, retracted}, ...]}`` in citation order: plain data, ready to be frozen in a
    published version. Syncs the citation list first; a constant number of queries
    whatever the number of citations (formatted output is cached on each reference).
    """
    fresh, citations = _sync(article.pk)
    cited = [c for c in citations if c.number is not None]
    unformatted = [c.reference for c in cited if not c.reference.formatted_html]
    if unformatted:  # rows written outside the services: format now, without saving
        for reference, out in zip(
            unformatted, format_references([r.to_data() for r in unformatted]), strict=True
        ):
            reference.formatted_html, reference.formatted_text = out.html, out.text
    numbers = {c.reference.key: c.number for c in cited}
    return {
        "body_html": render_markdown(render_markers(fresh.body, numbers)),
        "references": [reference_entry(c) for c in cited],
    }
