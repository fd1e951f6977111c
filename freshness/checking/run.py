"""Run the status checks for references, in batches, politely, one failure never stopping
the rest.

- Which: by default the references cited by an article that is not archived and not checked
  in the last ``REFERENCE_STATUS_RECHECK_HOURS``; ``everything=True`` checks every
  reference in the library regardless; ``keys`` checks just those.
- Batches of ``REFERENCE_STATUS_BATCH_SIZE`` (by id): PubMed answers one ``efetch`` per batch
  (many ids per request); Crossref and DailyMed one request per reference.
- Politeness: Crossref's polite pool (``mailto`` in the query and the User-Agent); the pause
  between Crossref requests follows its ``X-Rate-Limit-Limit`` / ``X-Rate-Limit-Interval``
  headers; NCBI gets 3 requests a second (10 with an API key). A 429 waits ``Retry-After``
  (capped) and tries once more; a second 429, or a service that cannot be reached, skips
  that service for the rest of the run (the others go on; those references are checked
  next time because ``last_checked_at`` is not moved for them).
- Off switch: ``REFERENCE_STATUS_CHECKS_ENABLED=False`` checks nothing.
- A status is cleared (e.g. a retraction recorded by mistake upstream and withdrawn) only
  when every source that applies answered and none reports it, and the status was not set
  by an editor.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date
from urllib.error import HTTPError
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from articles.visibility import not_archived
from references import lookup
from references.models import CHECK_ORDER, Citation, Reference
from references.services import reference_status_record

from . import crossref, dailymed, pubmed
from .findings import Findings, Notice

logger = logging.getLogger(__name__)

sleep = time.sleep  # replaced in tests
MAX_RETRY_AFTER = 60.0
USER_AGENT = "medreview/0.1 (reference status check)"


@dataclass
class CheckReport:
    checked: int = 0
    changed: int = 0
    skipped_recent: int = 0
    left_for_next_run: int = 0
    errors: list[str] = field(default_factory=list)
    services_down: set[str] = field(default_factory=set)
    disabled: bool = False

    def __str__(self) -> str:
        if self.disabled:
            return "Reference status checks are switched off (REFERENCE_STATUS_CHECKS_ENABLED)."
        text = f"{self.checked} reference(s) checked, {self.changed} changed"
        if self.errors:
            text += f", {len(self.errors)} error(s)"
        if self.services_down:
            text += f"; skipped for the rest of the run: {', '.join(sorted(self.services_down))}"
        if self.left_for_next_run:
            text += (
                f"; {self.left_for_next_run} more due, left for the next run "
                "(REFERENCE_STATUS_MAX_PER_RUN)"
            )
        return text


class _Service:
    """One remote service: its pause between requests and its 429 handling."""

    def __init__(self, name: str, min_interval: float, report: CheckReport):
        self.name, self.min_interval, self.report = name, min_interval, report
        self._last = 0.0

    @property
    def down(self) -> bool:
        return self.name in self.report.services_down

    def get(self, url: str, identifier: str, agent: str = "") -> bytes | None:
        """The body, or ``None`` (not found, failed: recorded). Never raises."""
        if self.down:
            return None
        timeout = getattr(settings, "REFERENCE_LOOKUP_TIMEOUT", lookup.DEFAULT_TIMEOUT)
        for attempt in range(2):
            wait = self.min_interval - (time.monotonic() - self._last)
            if wait > 0:
                sleep(wait)
            self._last = time.monotonic()
            try:
                body, headers = lookup.http_get(
                    url, timeout=timeout, service=self.name, identifier=identifier, agent=agent
                )
            except lookup.LookupRateLimited as error:
                if attempt == 0:
                    sleep(min(error.retry_after or 5.0, MAX_RETRY_AFTER))
                    continue
                self.report.errors.append(f"{self.name}: rate limited; skipped for this run")
                self.report.services_down.add(self.name)
                return None
            except lookup.LookupNotFound as error:
                self.report.errors.append(str(error))
                return None
            except lookup.LookupUnavailable as error:
                self.report.errors.append(str(error))
                cause = error.__cause__
                if isinstance(cause, OSError) and not isinstance(cause, HTTPError):
                    # unreachable or timed out: don't wait on it for every other record
                    self.report.services_down.add(self.name)
                return None
            self._follow_rate_limit(headers)
            return body
        return None

    def _follow_rate_limit(self, headers: dict[str, str]) -> None:
        try:
            limit = float(headers.get("x-rate-limit-limit", ""))
            interval = float(re.sub(r"[^0-9.]", "", headers.get("x-rate-limit-interval", "")))
        except ValueError:
            return
        if limit > 0 and interval > 0:
            self.min_interval = max(self.min_interval, interval / limit)


def _crossref(service: _Service, doi: str) -> Findings | None:
    import json

    base = settings.CROSSREF_API_URL.rstrip("/")
    mailto = getattr(settings, "CROSSREF_MAILTO", "")
    url = f"{base}/works/{quote(doi, safe='/')}"
    if mailto:
        url += "?" + urlencode({"mailto": mailto})
    agent = f"{USER_AGENT} mailto:{mailto}" if mailto else USER_AGENT
    body = service.get(url, f"DOI {doi}", agent)
    if body is None:
        return None
    try:
        return crossref.parse_work(json.loads(body)["message"])
    except (ValueError, KeyError, TypeError) as error:
        service.report.errors.append(f"Crossref: unreadable answer for DOI {doi} ({error})")
        return None


def _pubmed(service: _Service, pmids: list[str]) -> dict[str, Findings]:
    if not pmids:
        return {}
    base = settings.NCBI_EUTILS_URL.rstrip("/")
    params = {"db": "pubmed", "id": ",".join(pmids), "retmode": "xml", "tool": "medreview"}
    if getattr(settings, "NCBI_API_KEY", ""):
        params["api_key"] = settings.NCBI_API_KEY
    if getattr(settings, "CROSSREF_MAILTO", ""):
        params["email"] = settings.CROSSREF_MAILTO
    body = service.get(f"{base}/efetch.fcgi?{urlencode(params)}", f"PMIDs {params['id']}")
    if body is None:
        return {}
    try:
        return pubmed.parse_efetch(body)
    except Exception as error:  # noqa: BLE001 - an unreadable batch must not stop the run
        service.report.errors.append(f"PubMed: unreadable answer ({error})")
        return {}


def _dailymed(service: _Service, set_id: str) -> dailymed.LabelVersion | None | bool:
    base = settings.DAILYMED_API_URL.rstrip("/")
    body = service.get(f"{base}/spls/{quote(set_id)}/history.json", f"label set id {set_id}")
    if body is None:
        return False
    try:
        return dailymed.parse_history(body)
    except (ValueError, TypeError, AttributeError) as error:
        service.report.errors.append(f"DailyMed: unreadable history for {set_id} ({error})")
        return False


def _label(notice: Notice) -> str:
    return f"DOI {notice.doi}" if notice.doi else (f"PMID {notice.pmid}" if notice.pmid else "")


def status_from(ref: Reference, findings: list[Findings], *, complete: bool, today: date) -> dict:
    """The status fields implied by what the sources found (see the module docstring)."""
    merged = Findings([n for f in findings for n in f.notices])
    status: dict = {}
    editor_set = ref.status_source == "editor"
    sources = sorted({n.source for n in merged.notices if n.source})
    for kind, flag, on in (
        ("retraction", "retracted", "retracted_on"),
        ("concern", "concern", "concern_on"),
        ("correction", "corrected", "corrected_on"),
    ):
        notice = merged.first(kind)
        if notice:
            status[flag] = True
            status[on] = notice.date or getattr(ref, on) or today
            if kind == "retraction":
                status["retraction_notice_doi"] = notice.doi or ref.retraction_notice_doi
                status["retraction_notice"] = ref.retraction_notice or _label(notice)
        elif complete and not editor_set and getattr(ref, flag):
            status[flag] = False
    update = merged.first("update")
    if update:
        status["superseded_notice"] = _label(update) or "PubMed UpdateIn"
        status["superseded_on"] = ref.superseded_on or today
    if sources and not editor_set:
        status["status_source"] = ", ".join(sources)[:100]
    return status


def due_references(*, keys=None, everything: bool = False, now=None):
    """(the references a status check reads, by id; how many were checked too recently).

    Without ``keys`` or ``everything``: references cited in the body of an article that is
    not archived (an ``EXISTS`` through the citation's reference index, never a join of
    every citation) and not checked in the last ``REFERENCE_STATUS_RECHECK_HOURS``, the
    never checked first, then the least recently checked.
    """
    now = now or timezone.now()
    refs, skipped = Reference.objects.all(), 0
    if keys:
        refs = refs.filter(key__in=keys)
    else:
        if not everything:
            refs = refs.filter(
                Exists(
                    Citation.objects.filter(
                        not_archived(), reference=OuterRef("pk"), number__isnull=False
                    )
                )
            )
            recent = now - timezone.timedelta(
                hours=getattr(settings, "REFERENCE_STATUS_RECHECK_HOURS", 20)
            )
            skipped = refs.filter(last_checked_at__gte=recent).count()
            refs = refs.filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=recent))
        refs = refs.filter(~Q(doi="") | ~Q(pmid="") | ~Q(label_set_id=""))
        return refs.order_by(*CHECK_ORDER), skipped
    return refs.order_by("pk"), skipped


def max_per_run() -> int:
    """How many references one scheduled run checks at most (0: no limit).

    The services answer a few requests a second, so a library of 200,000 references
    cannot be checked in one run; each run takes the never checked, then the least
    recently checked, and the rest wait for the next run. Asking for keys or for
    everything is not limited.
    """
    return max(0, getattr(settings, "REFERENCE_STATUS_MAX_PER_RUN", 2000))


def reference_status_check(
    *, keys: list[str] | None = None, everything: bool = False, now=None
) -> CheckReport:
    report = CheckReport()
    if not getattr(settings, "REFERENCE_STATUS_CHECKS_ENABLED", True):
        report.disabled = True
        return report
    now = now or timezone.now()
    today = timezone.localdate(now)
    refs, report.skipped_recent = due_references(keys=keys, everything=everything, now=now)
    limit = 0 if keys or everything else max_per_run()
    batch_size = max(1, getattr(settings, "REFERENCE_STATUS_BATCH_SIZE", 100))
    ncbi_rate = 1 / 10 if getattr(settings, "NCBI_API_KEY", "") else 1 / 3
    services = {
        "Crossref": _Service("Crossref", 0.0, report),
        "PubMed": _Service("PubMed", ncbi_rate, report),
        "DailyMed": _Service("DailyMed", 0.2, report),
    }
    ids = list(
        refs.values_list("pk", flat=True)[:limit] if limit else refs.values_list("pk", flat=True)
    )
    if limit and len(ids) == limit:
        report.left_for_next_run = refs.count() - limit
    for start in range(0, len(ids), batch_size):
        batch = list(Reference.objects.filter(pk__in=ids[start : start + batch_size]))
        by_pmid = _pubmed(services["PubMed"], [r.pmid for r in batch if r.pmid])
        for ref in batch:
            try:
                _check_one(ref, services, by_pmid, report, now=now, today=today)
            except Exception as error:  # noqa: BLE001 - one record never stops the rest
                logger.exception("Status check of %s failed", ref.key)
                report.errors.append(f"{ref.key}: {error}")
    logger.info("Reference status check: %s", report)
    return report


def _check_one(ref, services, by_pmid, report: CheckReport, *, now, today) -> None:
    findings: list[Findings] = []
    complete = True
    if ref.doi:
        found = _crossref(services["Crossref"], ref.doi)
        complete &= found is not None
        findings += [found] if found else []
    if ref.pmid:
        found = by_pmid.get(ref.pmid)
        complete &= found is not None
        findings += [found] if found else []
    status = status_from(ref, findings, complete=complete, today=today)
    if ref.label_set_id:
        label = _dailymed(services["DailyMed"], ref.label_set_id)
        if label is False:
            complete = False
        elif label is not None:
            status["label_latest_version"] = label.version
            status["label_latest_published"] = label.published
    if not findings and not complete and "label_latest_version" not in status:
        return  # nothing answered: check again next time
    report.checked += 1
    report.changed += reference_status_record(reference=ref, checked_at=now, **status)
