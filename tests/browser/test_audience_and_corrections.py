"""A reader switches audience and sees the other text; a corrected article says so at the top.

Screenshots under ``test-artifacts/``: audience-clinician, audience-patient,
audience-phone, correction-notice, superseded-version, review-side-by-side.
"""

from __future__ import annotations

import pytest

from articles import services as article_services
from tests.browser.conftest import no_sideways_scroll
from tests.readers.helpers import approve, approved_article, member_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PLAIN = "In plain words: an infection of a deep hip muscle. Medicine usually cures it."


def test_a_reader_switches_audience_and_sees_the_other_text(
    page, phone_page, live_server, shoot, editor, board_member
):
    member_for(board_member, display_name="Jane Roe", credentials="MD, FACP")
    article = approved_article(
        editor,
        board_member,
        alt_summary="Usually antibiotics; sometimes the doctor drains pus.",
        alt_body=f"## What it is\n\n{PLAIN}\n",
    )
    url = f"{live_server.url}{article.get_absolute_url()}"

    page.goto(url)
    assert (
        page.locator(".audience-note")
        .inner_text()
        .startswith("This version is written for healthcare professionals.")
    )
    assert page.get_by_text("Paragraph 1 says something").first.is_visible()
    shoot(page, "audience-clinician")

    page.get_by_role("navigation", name="Which best describes you?").get_by_role(
        "button", name="Patient or caregiver"
    ).click()
    page.wait_for_url(url)
    assert page.get_by_text(PLAIN).is_visible()
    assert page.get_by_text("Paragraph 1 says something").count() == 0
    assert "patients and caregivers (plain language)" in page.locator(".audience-note").inner_text()
    assert page.locator(".audience-switch button.chosen").inner_text() == "Patient or caregiver"
    shoot(page, "audience-patient")

    # The choice is remembered on the next visit, and can be changed back on the page.
    page.goto(url)
    assert page.get_by_text(PLAIN).is_visible()
    page.get_by_role("button", name="Read the version for healthcare professionals").click()
    page.wait_for_url(url)
    assert page.get_by_text("Paragraph 1 says something").first.is_visible()
    assert page.get_by_text(PLAIN).count() == 0

    phone_page.goto(url)
    assert no_sideways_scroll(phone_page)
    shoot(phone_page, "audience-phone")


def test_a_corrected_article_shows_its_correction_notice(
    page, live_server, shoot, editor, board_member
):
    member_for(board_member, display_name="Jane Roe", credentials="MD, FACP")
    article = approved_article(editor, board_member)
    first = article.published_versions.get()
    article_services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    article_services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version,
        body=article.body + "\nThe usual adult dose is 2 g every 6 hours.\n",
    )  # fmt: skip
    article.refresh_from_db()
    article_services.article_submit(
        article=article,
        actor=editor,
        change_kind="correction",
        change_note="The adult dose was given as 20 g; it is 2 g.",
    )
    approve(article, board_member)

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    notice = page.locator(".correction-notice")
    assert notice.is_visible()
    assert "Correction," in notice.inner_text()
    assert "The adult dose was given as 20 g; it is 2 g." in notice.inner_text()
    history = page.locator(".article-history")
    assert "Correction" in history.inner_text() and "First published" in history.inner_text()
    shoot(page, "correction-notice")

    history.get_by_role("link", name=f"View version {first.approval_reference}").click()
    assert page.locator(".superseded-banner").is_visible()
    assert page.get_by_text("The usual adult dose is 2 g").count() == 0
    shoot(page, "superseded-version")
    page.locator(".superseded-banner").get_by_role("link").click()
    assert page.get_by_text("The usual adult dose is 2 g every 6 hours.").is_visible()


def test_the_board_sees_both_audience_versions_side_by_side(
    page, live_server, login, shoot, editor, board_member, admin_user
):
    from review import services as review_services  # noqa: PLC0415
    from tests.readers.helpers import cited_body, member_for, references  # noqa: PLC0415

    member = member_for(board_member, display_name="Jane Roe", credentials="MD, FACP")
    keys = references(2)
    article = article_services.article_create(
        actor=editor,
        title="What is the treatment for psoas myositis?",
        summary="Antistaphylococcal antibiotics; drain abscesses.",
        body=cited_body(keys),
        alt_summary="Medicine, and sometimes draining the pus.",
        alt_body=f"{PLAIN} [@{keys[0]}]\n",
    )
    article_services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    review_services.review_assign(article=article, reviewer=member, actor=admin_user)

    login(page, board_member)
    page.goto(f"{live_server.url}/editorial/articles/{article.pk}/")
    columns = page.locator(".audience-versions--two .audience-version")
    assert columns.count() == 2
    left, right = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert right["x"] > left["x"] + left["width"] - 1  # beside, not below
    assert "For patients and caregivers (plain language)" in columns.nth(1).inner_text()
    assert PLAIN in columns.nth(1).inner_text()
    shoot(page, "review-side-by-side")
