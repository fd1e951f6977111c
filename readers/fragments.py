"""Parts of the article page built in Python rather than in a template loop.

The reference list is the longest loop on the page (up to 40 entries with several links
each). It is built here with ``html.escape`` on every value that comes from data (kind,
label, DOI, PMID), which costs a fraction of the template engine's (or ``format_html``'s)
time. ``ref["html"]`` is the reference library's formatted AMA output, built with escaping
(see ``references.formatting``) and frozen at approval: it is inserted as it is.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from django.utils.safestring import mark_safe


def _links(ref: dict, n: str) -> str:
    links = []
    if ref.get("doi"):
        doi = str(ref["doi"])
        href = escape(quote(doi, safe="/:;()"))
        links.append(f'<a href="https://doi.org/{href}" rel="noopener">DOI: {escape(doi)}</a>')
    if ref.get("pmid"):
        pmid = str(ref["pmid"])
        links.append(
            f'<a href="https://pubmed.ncbi.nlm.nih.gov/{escape(quote(pmid, safe=""))}/" '
            f'rel="noopener">PubMed {escape(pmid)}</a>'
        )
    links.append(
        f'<a href="#cite-{n}" class="back" aria-label="Back to citation {n} in the text">↩</a>'
    )
    return " ".join(links)


def reference_list(references: list[dict]) -> str:
    items = []
    for i, ref in enumerate(references, start=1):
        n = escape(str(ref.get("number") or i))
        kind = (
            f'<span class="kind kind-{escape(str(ref.get("kind", "")))}">'
            f"{escape(str(ref['kind_label']))}</span> "
            if ref.get("kind_label")
            else ""
        )
        retracted = '<strong class="retracted">Retracted</strong> ' if ref.get("retracted") else ""
        items.append(
            f'<li id="ref-{n}" value="{n}">{kind}{retracted}'
            f'<span class="citation-text">{ref.get("html", "")}</span>'
            f' <span class="ref-links">{_links(ref, n)}</span></li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 - data escaped above, ref["html"] frozen
