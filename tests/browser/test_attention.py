"""An editor opens "Attention needed" from the dashboard, sees the critical flag first and
dismisses a flag with a reason; a reviewer sees the reference status on the review page."""

import pytest

from freshness.models import Reason, Resolution, StaleFlag
from freshness.scan import stale_scan
from references.data import Kind
from tests.browser.conftest import no_sideways_scroll
from tests.freshness.helpers import draft_citing, record_status
from tests.references.factories import ReferenceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def flagged(editor):
    bad = ReferenceFactory(key="wakefield1998", title="Ileal-lymphoid-nodular hyperplasia")
    ReferenceFactory(key="idsa2014", kind=Kind.GUIDELINE, year=2014, title="IDSA SSTI guideline")
    record_status(bad, retracted=True)
    critical = draft_citing(editor, "Claimed [@wakefield1998]; treat per [@idsa2014].")
    critical.title = "Does the MMR vaccine cause autism?"
    critical.save(update_fields=["title"])
    low = draft_citing(editor, "Treat per [@idsa2014].")
    stale_scan()
    return critical, low


def test_editor_dismisses_a_flag_from_the_attention_queue(
    page, phone_page, live_server, login, editor, flagged, shoot
):
    critical, low = flagged
    login(page, editor)
    page.goto(live_server.url + "/editorial/")
    page.get_by_role("link", name="Attention needed").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Attention needed"
    headings = page.locator("section.card h2 a").all_inner_texts()
    assert headings[0] == critical.title  # the article with the critical flag first
    shoot(page, "attention-queue")

    section = page.locator(f"#article-{low.pk}")
    section.get_by_text("Dismiss…").click()
    section.get_by_label("Why (required)").fill("Still the current IDSA guideline.")
    section.get_by_role("button", name="Dismiss flag").click()
    assert "Flag dismissed" in page.locator(".messages").inner_text()
    flag = StaleFlag.objects.get(article=low, reason=Reason.REFERENCE_OUTDATED)
    assert flag.resolution == Resolution.DISMISSED
    assert page.locator(f"#article-{low.pk}").count() == 0

    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(live_server.url + "/editorial/attention/")
    assert no_sideways_scroll(phone_page)
    shoot(phone_page, "attention-queue-phone")


def test_review_page_shows_reference_status(page, live_server, login, admin_user, flagged, shoot):
    critical, _ = flagged
    login(page, admin_user)
    page.goto(f"{live_server.url}/editorial/articles/{critical.pk}/")
    status = page.locator("#reference-status")
    assert "Retracted" in status.inner_text()
    assert "Cited reference retracted" in page.locator("#freshness").inner_text()
    shoot(page, "review-page-reference-status")
