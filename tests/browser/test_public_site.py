"""The public site in a real browser: from an editor's draft to what an anonymous reader sees.

Screenshots of the article page (desktop and 390 px) are saved under ``test-artifacts/``.
"""

from __future__ import annotations

import json

import pytest

from articles.models import Article
from readers.models import Feedback
from tests.browser.conftest import DESKTOP, no_sideways_scroll
from tests.readers.helpers import approved_article, member_for
from tests.references.factories import ReferenceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def new_page(browser):
    """Another person's browser (its own cookies)."""
    contexts = []

    def make():
        context = browser.new_context(viewport=DESKTOP)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_from_draft_to_approved_article_that_readers_trust(
    page, phone_page, new_page, live_server, login, shoot, editor, admin_user, board_member
):
    url = live_server.url
    member = member_for(board_member, display_name="Jane Roe", credentials="MD, FACP")
    first = ReferenceFactory(key="liu2011", doi="10.1093/cid/ciq146", pmid="21208910")
    second = ReferenceFactory(key="crum2004", doi="10.1016/j.amjmed.2004.03.031")

    # An editor writes an article with two citations and submits it.
    desk = new_page()
    login(desk, editor)
    desk.goto(f"{url}/admin/articles/article/add/")
    desk.get_by_label("Question:", exact=True).fill("What is the treatment for psoas myositis?")
    desk.get_by_label("Summary:", exact=True).fill(
        "Antibiotics against Staphylococcus aureus; drain abscesses."
    )
    desk.get_by_label("Body:", exact=True).fill(
        "## From the guidelines\n\n"
        f"Treat with an antistaphylococcal antibiotic [@{first.key}].\n\n"
        f"## From the research\n\nMost cases are caused by S. aureus [@{second.key}].\n"
    )
    desk.get_by_role("button", name="Save and continue editing").click()
    article = Article.objects.get()
    desk.get_by_role("link", name="Submit for review").click()
    desk.get_by_role("button", name="Submit for review").click()
    article.refresh_from_db()
    assert article.status == "submitted"

    # An admin assigns a board member.
    office = new_page()
    login(office, admin_user)
    office.goto(f"{url}/editorial/articles/{article.pk}/assign/")
    office.get_by_label("Reviewer").select_option(str(member.pk))
    office.get_by_role("button", name="Assign").click()

    # The member approves.
    clinic = new_page()
    login(clinic, board_member)
    clinic.goto(f"{url}/editorial/articles/{article.pk}/")
    clinic.get_by_label("Approve").check()
    clinic.get_by_label("I checked the cited evidence").check()
    clinic.get_by_role("button", name="Record decision").click()
    article.refresh_from_db()
    assert article.status == "approved"

    # An anonymous reader.
    page.goto(f"{url}/")
    page.get_by_role("link", name="What is the treatment for psoas myositis?").click()
    assert page.title().startswith("What is the treatment for psoas myositis?")
    current = page.locator(".tracker [aria-current=step]")
    assert "Approved" in current.inner_text() and "(current step)" in current.inner_text()
    assert page.get_by_text("Review status: Approved").count() == 1
    reviewer = page.get_by_role("link", name="Jane Roe, MD, FACP").first
    assert reviewer.get_attribute("href") == f"/advisory-board/{member.pk}/"
    assert page.get_by_role("link", name="View editorial policy").is_visible()
    assert page.get_by_role("heading", name="Professional medical disclaimer").is_visible()
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "MedicalWebPage"
    assert data["reviewedBy"][0]["name"] == "Jane Roe"
    assert len(data["citation"]) == 2
    refs = page.locator("ol.references > li")
    assert refs.count() == 2
    assert (
        refs.nth(0).get_by_role("link", name="DOI: 10.1093/cid/ciq146").get_attribute("href")
        == "https://doi.org/10.1093/cid/ciq146"
    )
    assert refs.nth(0).get_by_role("link", name="PubMed 21208910").count() == 1
    shoot(page, "public-article-desktop")

    # Citation 2 goes to reference 2, and back.
    page.get_by_role("link", name="Reference 2", exact=True).click()
    assert page.url.endswith("#ref-2")
    page.get_by_role("link", name="Back to citation 2 in the text").click()
    assert page.url.endswith("#cite-2")

    # The reviewer's name leads to their own page, listing what they reviewed, and from
    # there to the whole board.
    page.get_by_role("link", name="Jane Roe, MD, FACP").first.click()
    assert page.url.endswith(f"/advisory-board/{member.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Jane Roe, MD, FACP"
    assert page.get_by_role("link", name="What is the treatment for psoas myositis?").count()
    shoot(page, "public-board-member-desktop")
    page.get_by_role("link", name="Medical Advisory Board", exact=True).first.click()
    assert page.locator(f"#member-{member.pk}").get_by_role("heading").inner_text() == (
        "Jane Roe, MD, FACP"
    )
    shoot(page, "public-board-desktop")

    # Keyboard: the first Tab stop is the skip link, and it has a visible focus ring.
    page.goto(f"{url}{article.get_absolute_url()}")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    phone_page.goto(f"{url}{article.get_absolute_url()}")
    assert no_sideways_scroll(phone_page)
    shoot(phone_page, "public-article-390px")
    phone_page.goto(f"{url}/")
    assert no_sideways_scroll(phone_page)
    shoot(phone_page, "public-home-390px")


def test_a_revision_keeps_the_approved_text_for_readers(
    page, new_page, live_server, login, editor, board_member
):
    article = approved_article(editor, board_member, body="The approved answer.\n")
    desk = new_page()
    login(desk, editor)
    desk.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    desk.get_by_role("link", name="Start a revision").click()
    desk.get_by_role("button", name="Start a revision").click()
    desk.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    desk.get_by_label("Body:", exact=True).fill("A half-finished rewrite.")
    desk.get_by_role("button", name="Save and continue editing").click()
    article.refresh_from_db()
    assert article.body == "A half-finished rewrite."

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.get_by_text("The approved answer.").is_visible()
    assert page.get_by_text("half-finished").count() == 0
    assert "Approved" in page.locator(".tracker [aria-current=step]").inner_text()


def test_a_reader_reports_a_problem_and_the_editor_sees_it(
    page, phone_page, new_page, live_server, login, shoot, editor, board_member
):
    article = approved_article(editor, board_member)
    phone_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    phone_page.get_by_role("link", name="Report a problem with this article").click()
    assert phone_page.get_by_role("heading", level=1).inner_text() == (
        "Report a problem with this article"
    )
    shoot(phone_page, "report-a-problem-390")
    form = phone_page.locator("form", has=phone_page.get_by_role("button", name="Send report"))
    form.get_by_label("What kind of problem?").select_option("clinical_error")
    form.get_by_label("What is wrong?").fill("The adult dose in the table is ten times too high.")
    form.get_by_role("button", name="Send report").click()
    assert phone_page.get_by_role("status").inner_text().startswith("Your report has been sent")
    assert Feedback.objects.get().kind == "clinical_error"

    # A bad report is refused with a message and stores nothing.
    phone_page.goto(f"{live_server.url}{article.get_absolute_url()}report/")
    form = phone_page.locator("form", has=phone_page.get_by_role("button", name="Send report"))
    form.get_by_label("What kind of problem?").select_option("typo")  # nothing pre-selected
    form.get_by_label("What is wrong?").fill("short")
    form.get_by_role("button", name="Send report").click()
    assert phone_page.get_by_role("alert").first.inner_text().startswith("Please write your report")
    assert no_sideways_scroll(phone_page)
    assert Feedback.objects.count() == 1

    desk = new_page()
    login(desk, editor)
    desk.goto(f"{live_server.url}/reader-feedback/")
    assert desk.get_by_text("The adult dose in the table is ten times too high.").is_visible()
    desk.get_by_role("button", name="Accept").first.click()
    assert desk.get_by_text("HIGH · Clinical error").is_visible()
    shoot(desk, "reader-feedback-inbox")
