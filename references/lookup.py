"""Looking a reference up by DOI (Crossref) or PMID (NCBI E-utilities).

- DOI: ``GET https://api.crossref.org/works/{doi}``; the JSON ``message`` is close to
  CSL-JSON and is mapped here. Crossref answers 404 for DOIs it does not know (DOIs
  registered with DataCite or mEDRA too: the message says so).
- PMID: ``efetch`` with ``db=pubmed&retmode=xml``, chosen over ``esummary`` JSON because
  the XML has full author names, group authors and publication types (which tell
  reviews and guidelines apart), and it is the same format as PubMed XML import, so one
  parser (`references.importers.pubmed_xml`) serves both.

HTTP is stdlib ``urllib.request`` (no new dependency); tests replace the module-level
`urlopen`. Every call takes ``enabled`` (the Django setting, wired by the caller) and a
``timeout`` in seconds. Failures are domain exceptions with a message for the editor:
`LookupDisabled` and `LookupUnavailable` (switched off, unreachable, timed out, answered
with an error), `LookupNotFound` (the service does not know the identifier). An invalid
identifier raises `references.identifiers.InvalidIdentifier` before any request.
"""

from __future__ import annotations

import html
import json
import re
import socket
import ssl
import urllib.request
from http.client import HTTPException
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode

from references.csl import from_csl, parts_to_dates
from references.data import Kind, ReferenceData
from references.identifiers import normalize_doi, normalize_pmid
from references.importers import pubmed_xml

CROSSREF_WORKS_URL = "https://api.crossref.org/works/{doi}"
EFETCH_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"
USER_AGENT = "medreview/0.1 (reference lookup)"
DEFAULT_TIMEOUT = 10.0

urlopen = urllib.request.urlopen  # replaced in tests

_KIND_OF_CROSSREF_TYPE = {
    "journal-article": Kind.RESEARCH,
    "book": Kind.BOOK,
    "monograph": Kind.BOOK,
    "edited-book": Kind.BOOK,
    "reference-book": Kind.BOOK,
    "book-chapter": Kind.BOOK,
    "report": Kind.GUIDELINE,
    "standard": Kind.GUIDELINE,
}
_TAG = re.compile(r"<[^>]+>")


class LookupFailed(Exception):
    """Base class: the lookup gave no reference; the message says why."""


class LookupUnavailable(LookupFailed):
    """The service could not be asked or did not answer usefully; try again or type it in."""


class LookupDisabled(LookupUnavailable):
    """Lookups are switched off in this installation."""


class LookupNotFound(LookupFailed):
    """The service answered and does not know this identifier."""


def lookup_doi(
    doi: str,
    *,
    enabled: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    mailto: str = "",
) -> ReferenceData:
    """The reference Crossref holds for a DOI.

    ``mailto`` (an address to contact) puts requests in Crossref's "polite" pool.
    """
    normal = normalize_doi(doi)
    _check_enabled(enabled, "DOI")
    agent = f"{USER_AGENT} mailto:{mailto}" if mailto else USER_AGENT
    url = CROSSREF_WORKS_URL.format(doi=quote(normal, safe="/"))
    body = _fetch(url, timeout, service="Crossref", identifier=f"DOI {normal}", agent=agent)
    try:
        message = json.loads(body)["message"]
    except (ValueError, KeyError, TypeError) as error:
        raise LookupUnavailable(
            f"Crossref sent an answer for DOI {normal} that could not be read ({error}). "
            "Try again later or enter the reference by hand."
        ) from error
    return crossref_to_reference(message)


def lookup_pmid(
    pmid: str | int,
    *,
    enabled: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    api_key: str = "",
    email: str = "",
) -> ReferenceData:
    """The reference PubMed holds for a PMID (``api_key`` raises NCBI's rate limit)."""
    normal = normalize_pmid(pmid)
    _check_enabled(enabled, "PMID")
    params = {"db": "pubmed", "id": normal, "retmode": "xml", "tool": "medreview"}
    if api_key:
        params["api_key"] = api_key
    if email:
        params["email"] = email
    url = f"{EFETCH_URL}?{urlencode(params)}"
    body = _fetch(url, timeout, service="PubMed", identifier=f"PMID {normal}")
    result = pubmed_xml.parse(body.decode("utf-8", errors="replace"))
    if result.errors and not result.entries:
        raise LookupUnavailable(
            f"PubMed sent an answer for PMID {normal} that could not be read "
            f"({result.errors[0].reason}). Try again later or enter the reference by hand."
        )
    if not result.entries:
        raise LookupNotFound(f"PubMed has no article with PMID {normal}. Check the number.")
    return result.entries[0]


def crossref_to_reference(message: dict[str, Any]) -> ReferenceData:
    """Map a Crossref ``/works/{doi}`` message to our fields.

    Titles lose Crossref's inline JATS/HTML markup (``<i>``, ``<sub>``); the print date is
    preferred to the earliest ("issued") date, as AMA cites the issue. No URL is kept
    when there is a DOI: AMA prints the DOI instead.
    """
    item = dict(message)
    item["title"] = _plain(_first(message.get("title")))
    item["container-title"] = _plain(_first(message.get("container-title")))
    item["container-title-short"] = _plain(_first(message.get("short-container-title")))
    item["type"] = "article-journal"
    item["author"] = [
        {key: _plain(str(value)) for key, value in author.items() if isinstance(value, str)}
        for author in message.get("author") or []
    ]
    item.pop("URL", None)
    item.pop("custom", None)
    data = from_csl(item)
    data.kind = _KIND_OF_CROSSREF_TYPE.get(message.get("type", ""), Kind.RESEARCH)
    if data.kind == Kind.BOOK:
        data.container_title = data.container_title if message.get("type") == "book-chapter" else ""
        data.edition = str(message.get("edition-number", "") or "")
    for field in ("published-print", "published", "issued"):
        parts = (message.get(field) or {}).get("date-parts") or [[]]
        if parts[0] and parts[0][0] is not None:
            data.year, data.published = parts_to_dates(parts[0])
            break
    return data


def _check_enabled(enabled: bool, what: str) -> None:
    if not enabled:
        raise LookupDisabled(
            f"{what} lookup is switched off on this site. Enter the reference by hand "
            "or import it from a file."
        )


class LookupRateLimited(LookupUnavailable):
    """The service answered 429 (too many requests); ``retry_after`` seconds, if it said."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def http_get(
    url: str, *, timeout: float, service: str, identifier: str, agent: str = ""
) -> tuple[bytes, dict[str, str]]:
    """GET ``url``; return the body and the response headers (lower-case names).

    The one HTTP door of the lookups and of the scheduled status checks (``freshness``):
    same timeout, User-Agent and error mapping (404 → `LookupNotFound`, 429 →
    `LookupRateLimited`, anything else → `LookupUnavailable`).
    """
    request = urllib.request.Request(  # noqa: S310 - configured https base URLs
        url, headers={"User-Agent": agent or USER_AGENT, "Accept": "*/*"}
    )
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310
            headers = {k.lower(): v for k, v in (getattr(response, "headers", None) or {}).items()}
            return response.read(), headers
    except HTTPError as error:
        if error.code == 429:
            retry_after = None
            try:
                retry_after = float((error.headers or {}).get("Retry-After", ""))
            except (TypeError, ValueError):
                retry_after = None
            raise LookupRateLimited(
                f"{service} asked us to slow down (429) for {identifier}.", retry_after
            ) from error
        if error.code == 404:
            raise LookupNotFound(
                f"{service} does not know {identifier}. Check it, or enter the reference "
                "by hand (DOIs registered outside Crossref, e.g. with DataCite, are not found)."
            ) from error
        raise LookupUnavailable(
            f"{service} answered {error.code} for {identifier}. Try again later or enter "
            "the reference by hand."
        ) from error
    except (URLError, TimeoutError, OSError, HTTPException) as error:
        raise LookupUnavailable(
            f"{service} could not be reached to look up {identifier}: "
            f"{_why_unreachable(error, timeout)}. Check that this server can reach the "
            "internet, try again later, or enter the reference by hand."
        ) from error


def _fetch(url: str, timeout: float, *, service: str, identifier: str, agent: str = "") -> bytes:
    return http_get(url, timeout=timeout, service=service, identifier=identifier, agent=agent)[0]


def _why_unreachable(error: BaseException, timeout: float) -> str:
    """What went wrong, in words (never ``[Errno -2] Name or service not known``)."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, socket.gaierror):
        return "this server has no network connection or cannot look up the service's address"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} seconds"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, ConnectionError):
        return "the connection failed"
    if isinstance(reason, ssl.SSLError):
        return "a secure connection could not be set up"
    return "the network connection failed"


def _first(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())
