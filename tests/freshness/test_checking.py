"""The status checks end to end on replayed answers: fields recorded, politeness, batches,
failures contained, off switch, recently checked skipped; then the scan raises the flags."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from freshness.checking.run import reference_status_check
from freshness.models import Reason, StaleFlag
from references.data import Kind
from references.models import Reference
from tests.freshness.conftest import data
from tests.freshness.helpers import draft_citing, edit_reference, scan_on
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

WAKEFIELD_DOI = "10.1016/S0140-6736(97)11096-0"


@pytest.fixture
def cited(editor):
    refs = {
        "wakefield1998": ReferenceFactory(
            key="wakefield1998", doi=WAKEFIELD_DOI, pmid="9500320", title="Ileal hyperplasia"
        ),
        "idsa2014": ReferenceFactory(
            key="idsa2014", doi="10.1093/cid/ciu296", pmid="24973422", kind=Kind.GUIDELINE
        ),
        "crum2004": ReferenceFactory(
            key="crum2004", doi="10.1016/j.amjmed.2004.03.035", pmid="15489318"
        ),
        "label": ReferenceFactory(
            key="ceftriaxone",
            kind=Kind.DRUG_LABEL,
            title="Ceftriaxone [package insert]",
            label_set_id="c8b1e4e1-9e2f-4f48-9d3b-1b7a2f9c0d11",
        ),
    }
    edit_reference(refs["label"], label_cited_version=11)
    draft_citing(editor, "[@wakefield1998] [@idsa2014] [@crum2004] [@ceftriaxone]")
    return refs


def _replay(network):
    network.add(
        "/works/10.1016/s0140-6736%2897%2911096-0",
        (
            data("crossref_retracted_work.json"),
            {"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"},
        ),
    )
    network.add("/works/10.1093/cid/ciu296", data("crossref_erratum_and_concern.json"))
    network.add("/works/10.1016/j.amjmed.2004.03.035", data("crossref_clean.json"))
    network.add("efetch.fcgi", data("pubmed_efetch_status.xml"))
    network.add("/history.json", data("dailymed_history_ints.json"))


def test_statuses_recorded_and_the_next_scan_raises_flags(network, cited, settings):
    settings.CROSSREF_MAILTO = "editors@example.org"
    _replay(network)
    report = reference_status_check()
    assert report.errors == [] and report.checked == 4

    wakefield = Reference.objects.get(key="wakefield1998")
    assert wakefield.retracted and wakefield.retracted_on == date(2010, 2, 2)
    assert wakefield.retraction_notice_doi == "10.1016/s0140-6736(10)60175-4"
    assert "retraction-watch" in wakefield.status_source
    assert wakefield.history.first().history_change_reason.startswith("reference.status")
    idsa = Reference.objects.get(key="idsa2014")
    assert idsa.corrected and idsa.concern and not idsa.retracted
    assert idsa.superseded_notice == "PMID 38000001"  # PubMed UpdateIn
    crum = Reference.objects.get(key="crum2004")
    assert not (crum.retracted or crum.corrected or crum.concern)
    assert crum.last_checked_at is not None
    label = Reference.objects.get(key="ceftriaxone")
    assert (label.label_latest_version, label.label_latest_published) == (12, date(2026, 2, 27))

    # one efetch for the whole batch; Crossref asked politely
    efetches = [u for u in network.urls if "efetch" in u]
    assert len(efetches) == 1
    ids = efetches[0].split("id=")[1].split("&")[0].split("%2C")
    assert sorted(ids) == ["15489318", "24973422", "9500320"]
    crossref_urls = [u for u in network.urls if "/works/" in u]
    assert all("mailto=editors%40example.org" in u for u in crossref_urls)
    assert any("mailto:editors@example.org" in (a or "") for a in network.agents)

    scan_on(timezone.localdate().isoformat())
    reasons = set(StaleFlag.objects.open().values_list("reason", flat=True))
    assert {
        Reason.REFERENCE_RETRACTED,
        Reason.REFERENCE_CONCERN,
        Reason.REFERENCE_SUPERSEDED,
        Reason.DRUG_LABEL_CHANGED,
        Reason.REFERENCE_OUTDATED,
    } <= reasons


def test_configured_base_urls_are_used(network, cited, settings):
    settings.CROSSREF_API_URL = "http://crossref.test"
    settings.NCBI_EUTILS_URL = "http://eutils.test/entrez"
    settings.DAILYMED_API_URL = "http://dailymed.test/v2"
    _replay(network)
    reference_status_check()
    assert {u.split("/")[2] for u in network.urls} == {
        "crossref.test",
        "eutils.test",
        "dailymed.test",
    }


def test_one_failing_record_or_service_never_stops_the_rest(network, cited):
    network.add("/works/10.1016/s0140-6736%2897%2911096-0", 500)  # one record fails
    network.add("/works/10.1093/cid/ciu296", data("crossref_erratum_and_concern.json"))
    network.add("/works/10.1016/j.amjmed.2004.03.035", b"not json")
    network.add("efetch.fcgi", OSError("connection refused"))  # PubMed down
    network.add("/history.json", data("dailymed_history_ints.json"))
    report = reference_status_check()
    assert len(report.errors) == 3
    assert "PubMed" in report.services_down
    idsa = Reference.objects.get(key="idsa2014")
    assert idsa.concern and idsa.corrected
    assert Reference.objects.get(key="ceftriaxone").label_latest_version == 12
    # Wakefield: Crossref failed and PubMed was down: nothing known, checked again next time
    assert Reference.objects.get(key="wakefield1998").last_checked_at is None


def test_429_waits_retry_after_then_retries(network, cited):
    network.add(
        "/works/10.1016/s0140-6736%2897%2911096-0",
        [(429, {"Retry-After": "7"}), data("crossref_retracted_work.json")],
    )
    network.add("/works/10.1093/cid/ciu296", data("crossref_erratum_and_concern.json"))
    network.add("/works/10.1016/j.amjmed.2004.03.035", data("crossref_clean.json"))
    network.add("efetch.fcgi", data("pubmed_efetch_status.xml"))
    network.add("/history.json", data("dailymed_history_ints.json"))
    report = reference_status_check()
    assert 7.0 in network.slept
    assert report.errors == []
    assert Reference.objects.get(key="wakefield1998").retracted


def test_rate_limit_headers_space_the_requests(network, cited):
    limits = {"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"}
    network.add("/works/10.1016/j.amjmed.2004.03.035", (data("crossref_clean.json"), limits))
    _replay(network)
    reference_status_check()
    # after the first answer announced 50 per 1 s, later Crossref requests wait ~0.02 s
    assert any(0 < s <= 0.02 for s in network.slept)


def test_recently_checked_skipped_and_all_or_key_rechecks(network, cited, settings):
    _replay(network)
    reference_status_check()
    first = len(network.urls)
    report = reference_status_check()
    assert len(network.urls) == first and report.skipped_recent == 4
    reference_status_check(keys=["crum2004"])
    assert len(network.urls) == first + 2  # Crossref + one efetch for that one
    reference_status_check(everything=True)
    assert len(network.urls) > first + 2


def test_a_run_checks_at_most_its_share_never_checked_and_oldest_first(network, cited, settings):
    settings.REFERENCE_STATUS_MAX_PER_RUN = 2
    _replay(network)
    with time_machine.travel("2026-11-01 09:00Z", tick=False):
        reference_status_check(keys=["crum2004"])  # checked once, a month ago
    first = reference_status_check()
    assert (first.checked, first.left_for_next_run) == (2, 2)
    assert "2 more due, left for the next run" in str(first)
    checked = set(
        Reference.objects.filter(last_checked_at__date=timezone.localdate()).values_list(
            "key", flat=True
        )
    )
    assert checked == {"wakefield1998", "idsa2014"}  # never checked before crum2004
    second = reference_status_check()
    assert (second.checked, second.left_for_next_run, second.skipped_recent) == (2, 0, 2)
    assert Reference.objects.get(key="crum2004").last_checked_at.date() == timezone.localdate()


def test_off_switch_checks_nothing(network, cited, settings):
    settings.REFERENCE_STATUS_CHECKS_ENABLED = False
    report = reference_status_check()
    assert report.disabled and network.urls == []
    assert "switched off" in str(report)


def test_status_cleared_when_every_source_answers_clean(network, cited):
    crum = Reference.objects.get(key="crum2004")
    from references.services import reference_status_record

    reference_status_record(reference=crum, retracted=True, status_source="crossref")
    _replay(network)
    reference_status_check(keys=["crum2004"])
    crum.refresh_from_db()
    assert not crum.retracted


def test_batches(network, cited, settings):
    settings.REFERENCE_STATUS_BATCH_SIZE = 1
    _replay(network)
    reference_status_check()
    assert len([u for u in network.urls if "efetch" in u]) == 3  # one per batch with a PMID


def test_command_check_reference_status(network, cited, capsys):
    _replay(network)
    call_command("check_reference_status", "--reference", "wakefield1998")
    assert "1 reference(s) checked" in capsys.readouterr().out
    assert Reference.objects.get(key="wakefield1998").retracted
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No reference with key nosuch"):
        call_command("check_reference_status", "--reference", "nosuch")
    assert timezone.now() - Reference.objects.get(key="wakefield1998").last_checked_at < timedelta(
        minutes=1
    )
