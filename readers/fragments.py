"""Parts of the article page built in Python rather than in a template loop.

The reference list is the longest loop on the page (up to 40 entries with several links
each); building it here with ``format_html`` (which escapes every value) costs a fraction
of the template engine's time. ``ref["html"]`` is the reference library's formatted AMA
output, built with escaping (see ``references.formatting``) and frozen at approval.
"""

from __future__ import annotations

from urllib.parse import quote

from django.utils.html import format_html
from django.utils.safestring import mark_safe


def reference_list(references: list[dict]) -> str:
    items = []
    for i, ref in enumerate(references, start=1):
        n = ref.get("number") or i
        kind = (
            format_html(
                '<span class="kind kind-{}">{}</span> ', ref.get("kind", ""), ref["kind_label"]
            )
            if ref.get("kind_label")
            else ""
        )
        retracted = (
            mark_safe('<strong class="retracted">Retracted</strong> ')
            if ref.get("retracted")
            else ""
        )
        links = []
        if ref.get("doi"):
            links.append(
                format_html(
                    '<a href="https://doi.org/{}" rel="noopener">DOI: {}</a>',
                    quote(ref["doi"], safe="/:;()"),
                    ref["doi"],
                )
            )
        if ref.get("pmid"):
            links.append(
                format_html(
                    '<a href="https://pubmed.ncbi.nlm.nih.gov/{}/" rel="noopener">PubMed {}</a>',
                    quote(str(ref["pmid"]), safe=""),
                    ref["pmid"],
                )
            )
        links.append(
            format_html(
                '<a href="#cite-{}" class="back" aria-label="Back to citation {} in the text">'
                "↩</a>",
                n,
                n,
            )
        )
        items.append(
            format_html(
                '<li id="ref-{}" value="{}">{}{}<span class="citation-text">{}</span>'
                ' <span class="ref-links">{}</span></li>',
                n,
                n,
                kind,
                retracted,
                mark_safe(ref.get("html", "")),  # noqa: S308 - frozen, escaped AMA output
                mark_safe(" ".join(links)),  # noqa: S308 - each built by format_html
            )
        )
    return mark_safe("\n".join(items))  # noqa: S308 - each item built by format_html
