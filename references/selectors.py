"""Reads of the reference library: search, usage, an article's references."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from articles.models import Article
from articles.rendering import render_markdown
from articles.textclean import clean_line

from .data import ReferenceData
from .identifiers import clean_doi, clean_pmid
from .markers import cited_keys, number_citations, render_markers
from .models import Citation, Reference, ReferenceKind, author_label


def cited_in_body() -> QuerySet[Citation]:
    """Citations of ``OuterRef("pk")`` that an article's body makes (numbered)."""
    return Citation.objects.filter(reference=OuterRef("pk"), number__isnull=False)


def references_with_usage() -> QuerySet[Reference]:
    """References annotated with ``cited_count``: articles whose body cites them.

    A subquery per reference rather than a join and GROUP BY: a page of the admin's list
    counts only its own rows (through the citation's reference index), never all the
    library's citations before it can cut out one page.
    """
    counted = (
        cited_in_body()
        .order_by()
        .values("reference")
        .annotate(n=Count("article", distinct=True))
        .values("n")
    )
    return Reference.objects.annotate(cited_count=Coalesce(Subquery(counted), 0))


def reference_search(*, query: str, limit: int = 20) -> list[Reference]:
    """References matching every word of ``query`` in key, title, authors, DOI or PMID.

    A DOI in any spelling (``https://doi.org/10.…``) or a PMID finds its reference exactly.
    """
    text = clean_line(query or "").strip()  # a NUL in a query is a DataError on PostgreSQL
    if not text:
        return []
    doi, pmid = clean_doi(text), clean_pmid(text)
    if doi or pmid:
        exact = Reference.objects.filter(Q(doi=doi) if doi else Q(pmid=pmid))
        if exact.exists():
            return list(exact)
    condition = Q()
    for word in re.findall(r"\S+", text)[:8]:
        word = word.removeprefix("@")
        either = (
            Q(key__icontains=word)
            | Q(title__icontains=word)
            | Q(authors_text__icontains=word)
            | Q(doi__icontains=word.lower())
            | Q(pmid=word)
        )
        if word.isdigit() and len(word) == 4:
            either |= Q(year=int(word))
        condition &= either
    return list(Reference.objects.filter(condition).order_by("key")[:limit])


def search_label(reference: Reference) -> str:
    """``Stevens DL et al, 2014. Practice guidelines for…`` for pickers."""
    authors = reference.authors or []
    who = author_label(authors[0]) if authors else ""
    if len(authors) > 1:
        who += " et al"
    year = reference.year or ""
    lead = ", ".join(str(part) for part in (who, year) if part)
    return f"{lead}. {reference.short_title}" if lead else reference.short_title


def citing_articles(reference: Reference) -> list[Citation]:
    """Every article that uses the reference (cited or attached), with the article loaded."""
    return list(
        Citation.objects.filter(reference=reference)
        .select_related("article")
        .order_by("article__title", "pk")
    )


def citing_summary(reference: Reference, *, cited_only: bool = False) -> str:
    """``2 articles: “A” (reference 3), “B” (attached, not cited)``; empty if none."""
    citations = [c for c in citing_articles(reference) if c.number is not None or not cited_only]
    if not citations:
        return ""
    parts = [
        f"“{c.article.title}” ({f'reference {c.number}' if c.number else 'attached, not cited'})"
        for c in citations
    ]
    count = len(citations)
    return f"{count} article{'' if count == 1 else 's'}: {', '.join(parts)}"


def article_citations(article: Article) -> list[Citation]:
    """The article's citations: cited ones in number order, then attached ones."""
    return list(Citation.objects.filter(article=article).select_related("reference"))


def article_references(article: Article) -> list[tuple[str, ReferenceData]]:
    """(key, data) of every reference of the article, in citation order, for export."""
    return [(c.reference.key, c.reference.to_data()) for c in article_citations(article)]


def known_keys(keys: list[str]) -> set[str]:
    return set(Reference.objects.filter(key__in=keys).values_list("key", flat=True))


def uncited_attached_keys(article: Article) -> list[str]:
    """Keys of references attached to the article that its body does not cite."""
    cited = set(cited_keys(article.body))
    attached = Citation.objects.filter(article=article).values_list("reference__key", flat=True)
    return sorted(key for key in attached if key not in cited)


def deletion_refusal(reference: Reference) -> str:
    """Why the reference cannot be deleted (naming the articles that cite it), or ``""``."""
    citing = citing_summary(reference)
    if citing:
        return (
            f"The reference '{reference.key}' cannot be deleted: it is cited by {citing}. "
            "A cited reference is kept for as long as any article uses it."
        )
    newer_of = list(reference.supersedes.values_list("key", flat=True))
    if newer_of:
        return (
            f"The reference '{reference.key}' cannot be deleted: it is recorded as superseding "
            f"{', '.join(repr(k) for k in newer_of)}. Clear that first."
        )
    return ""


def cited_reference_identities(article: Article) -> list[dict[str, str]]:
    """What an approval of ``article`` vouches for about its sources (its substance).

    For each key the body cites, in order of first appearance, the resolved reference's
    key, DOI, PMID and AMA text, so ``content_hash_of(Article)`` changes when a cited
    reference is repointed or corrected. Keys unknown to the library are left out (an
    article citing one cannot be submitted). One query, none when nothing is cited.
    """
    keys = cited_keys(article.body)
    if not keys:
        return []
    rows = Reference.objects.filter(key__in=keys).values("key", "doi", "pmid", "formatted_text")
    by_key = {row["key"]: row for row in rows}
    return [
        {
            "key": key,
            "doi": by_key[key]["doi"],
            "pmid": by_key[key]["pmid"],
            "text": by_key[key]["formatted_text"],
        }
        for key in keys
        if key in by_key
    ]


def article_preview_data(article: Article) -> dict:
    """What ``services.article_publication_data`` would give, without writing anything.

    For pages that show the current text as readers would see it (e.g. the board's review
    page) on a GET: numbers come straight from the body, keys unknown to the library are
    shown as ``[?key]``. Two queries, whatever the number of citations.
    """
    numbers = number_citations(article.body)
    by_key = {r.key: r for r in Reference.objects.filter(key__in=list(numbers))}
    known = [key for key in numbers if key in by_key]
    renumbered = {key: n for n, key in enumerate(known, start=1)}
    entries = [
        reference_entry(Citation(article=article, reference=by_key[key], number=n))
        for key, n in renumbered.items()
    ]
    return {
        "body_html": render_markdown(render_markers(article.body, renumbered)),
        "references": entries,
    }


def with_alt_body(article: Article, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` plus the other audience's body, its citations numbered as in the shared
    reference list (``alt_body_html``; "" when there is none)."""
    if not article.alt_body.strip():
        return {**data, "alt_body_html": ""}
    numbers = {ref["key"]: ref["number"] for ref in data["references"]}
    return {**data, "alt_body_html": render_markdown(render_markers(article.alt_body, numbers))}


def reference_entry(citation: Citation) -> dict[str, Any]:
    """One entry of a published reference list, as plain data."""
    reference = citation.reference
    return {
        "number": citation.number,
        "key": reference.key,
        "kind": reference.kind,
        "kind_label": ReferenceKind(reference.kind).label,
        "html": reference.formatted_html,
        "text": reference.formatted_text,
        "doi": reference.doi,
        "pmid": reference.pmid,
        "url": reference.url,
        "retracted": reference.retracted,
    }
