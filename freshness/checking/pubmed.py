"""PubMed E-utilities ``efetch`` (``db=pubmed&retmode=xml``, many ids per request).

Per ``PubmedArticle``: ``MedlineCitation/PMID``, ``Article/PublicationTypeList`` ("Retracted
Publication" marks a retracted paper; "Retraction of Publication" marks the *notice*), and
``CommentsCorrectionsList/CommentsCorrections`` with ``RefType``: ``RetractionIn``,
``ExpressionOfConcernIn``, ``ErratumIn``, ``UpdateIn`` say this paper was retracted /
questioned / corrected / updated by the notice in ``PMID``. Their ``…Of`` / ``…For`` forms
(``RetractionOf``, ``ExpressionOfConcernFor``, ``ErratumFor``, ``UpdateOf``) sit on the
notices and do not make the notice retracted. The notice's date is not in the record: the
caller uses the day it first saw it.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET  # noqa: N817 - parsing NCBI's own responses

from .findings import Findings, Notice

REF_TYPES = {
    "RetractionIn": "retraction",
    "ExpressionOfConcernIn": "concern",
    "ErratumIn": "correction",
    "UpdateIn": "update",
}


def parse_efetch(xml: str | bytes) -> dict[str, Findings]:
    """``{pmid: Findings}`` for every ``PubmedArticle`` in an efetch answer."""
    root = ET.fromstring(xml)  # noqa: S314 - NCBI XML, no DTD expansion in ElementTree
    found: dict[str, Findings] = {}
    for article in root.iter("PubmedArticle"):
        pmid = (article.findtext("MedlineCitation/PMID") or "").strip()
        if not pmid:
            continue
        notices = []
        for comment in article.iter("CommentsCorrections"):
            kind = REF_TYPES.get(comment.get("RefType", ""))
            if kind is None:
                continue
            notices.append(
                Notice(kind=kind, pmid=(comment.findtext("PMID") or "").strip(), source="pubmed")
            )
        types = {(t.text or "").strip().lower() for t in article.iter("PublicationType")}
        if "retracted publication" in types and not any(n.kind == "retraction" for n in notices):
            notices.append(Notice(kind="retraction", source="pubmed"))
        found[pmid] = Findings(notices)
    return found
