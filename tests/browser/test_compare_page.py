"""The compare page fits a 1,280-px and a 390-px window: a long body with
long words, every second paragraph edited; side by side on the desktop, inline on a phone.
"""

import pytest
from django.urls import reverse

from articles import services
from tests.browser.conftest import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONG_WORD = "https://doi.org/10.1093/cid/" + "ciu296" * 30


def _article_with_two_versions(editor):
    paragraphs = [
        f"Paragraph {i}: give 1 g of cefazolin every 8 hours; see {LONG_WORD}." for i in range(40)
    ]
    article = services.article_create(
        actor=editor, title="How is psoas abscess treated?", body="\n\n".join(paragraphs)
    )
    first = article.history.first().history_id
    edited = [p.replace("1 g", "2 g") if i % 2 else p for i, p in enumerate(paragraphs)]
    article = services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        title="How is a psoas abscess treated?",
        summary="Drainage and antibiotics.",
        body="\n\n".join(edited),
    )
    return article, first, article.history.first().history_id


def test_the_compare_pages_fit_desktop_and_phone_windows(
    page, phone_page, live_server, login, editor, shoot
):
    article, old, new = _article_with_two_versions(editor)
    urls = {
        "editorial": reverse("review:diff", args=[article.pk]) + f"?old={old}&new={new}",
        "admin": reverse("admin:articles_article_compare", args=[article.pk])
        + f"?old={old}&new={new}",
    }
    for browser_page, width in ((page, "desktop"), (phone_page, "phone")):
        login(browser_page, editor)
        for name, url in urls.items():
            browser_page.goto(live_server.url + url)
            assert browser_page.get_by_text("<del>", exact=False).count() == 0
            body = browser_page.locator("section[aria-label=Body]")
            assert body.locator("del").first.inner_text() == "1"
            assert body.locator("ins").first.inner_text() == "2"
            assert no_sideways_scroll(browser_page), (name, width)
            shoot(browser_page, f"compare-{name}-{width}", full_page=False)
    # Side by side on the desktop: the before and after of a change share a row.
    page.goto(live_server.url + urls["editorial"])
    before, after = page.locator(".diff-row.change").first.locator(".diff-cell").all()
    assert before.bounding_box()["y"] == after.bounding_box()["y"]
    assert before.bounding_box()["x"] < after.bounding_box()["x"]
    # Inline on the phone: after below before, each labelled.
    phone_page.goto(live_server.url + urls["editorial"])
    before, after = phone_page.locator(".diff-row.change").first.locator(".diff-cell").all()
    assert after.bounding_box()["y"] > before.bounding_box()["y"]
    assert before.locator(".diff-label").inner_text().startswith("Before (v1)")
