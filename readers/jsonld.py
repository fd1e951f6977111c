"""schema.org ``MedicalWebPage`` JSON-LD for an article page, safe inside a <script>."""

from __future__ import annotations

import json

from django.conf import settings


def _date(value) -> str | None:
    return value.isoformat() if value else None


def medical_web_page(page, *, url: str, absolute) -> str:
    """``page``'s JSON-LD; ``absolute`` makes a path absolute (``build_absolute_uri``)."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "headline": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": "en",
        "dateModified": _date(page.content_updated_at),
        "audience": {
            "@type": "MedicalAudience",
            # The audience of the text on this page (the reader's version when it exists).
            "audienceType": "Clinician" if page.audience == "clinician" else "Patient",
        },
        "publisher": {
            "@type": "Organization",
            "name": settings.READERS_SITE_NAME,
            "url": settings.READERS_SITE_URL,
        },
        "citation": [
            {
                "@type": "CreativeWork",
                "name": ref.get("text", ""),
                **({"sameAs": f"https://doi.org/{ref['doi']}"} if ref.get("doi") else {}),
            }
            for ref in page.references
        ],
    }
    if page.approved:
        data["datePublished"] = _date(page.date_published)
        data["lastReviewed"] = _date(page.last_reviewed_at)
        data["reviewedBy"] = [
            {
                "@type": "Person",
                "name": a.name,
                "honorificSuffix": a.credentials,
                "url": absolute(a.url),
            }
            for a in page.approvers
        ]
    # Safe inside <script>: no "<", ">" or "&" survives as such ("</script>" cannot end it).
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
