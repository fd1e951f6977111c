"""What the page says about the board is true of that page; the disclaimer speaks to its reader."""

import pytest
from django.urls import reverse

from tests.articles.factories import article_in_state
from tests.readers.helpers import approved_article

ALL_REVIEWED = "all articles are reviewed for accuracy"


@pytest.mark.parametrize("state", ["submitted", "under_review"])
def test_a_pending_page_says_it_is_not_yet_reviewed(client, editor, board_member, state):
    article = article_in_state(state, editor=editor, board=board_member)
    html = client.get(article.get_absolute_url()).text
    assert ALL_REVIEWED not in html
    assert (
        f'Not yet reviewed by our <a href="{reverse("readers:board")}">Medical Advisory Board</a>'
        in html
    )
    assert "this content is pending review by our Medical Advisory Board" in html


def test_an_approved_page_keeps_the_board_statement(client, editor, board_member):
    article = approved_article(editor, board_member)
    html = client.get(article.get_absolute_url()).text
    assert "Reviewed for accuracy by our" in html
    assert "Not yet reviewed" not in html


def test_the_home_page_does_not_claim_every_listed_answer_is_reviewed(client, editor, board_member):
    pending = article_in_state("submitted", editor=editor, board=board_member, title="Is it gout?")
    approved_article(editor, board_member)
    html = client.get("/").text
    assert "Is it gout?" in html and pending.get_absolute_url() in html
    assert ALL_REVIEWED not in html
    assert (
        "answers marked Approved have been reviewed for accuracy; those pending review say so"
        in html
    )


def test_a_patient_page_has_a_plain_disclaimer_heading(client, editor, board_member):
    article = approved_article(editor, board_member, audience="patient")
    html = client.get(article.get_absolute_url()).text
    assert '<h2 id="disclaimer-h">Medical disclaimer</h2>' in html
    assert "Professional medical disclaimer" not in html


def test_a_clinician_page_keeps_the_professional_disclaimer(client, editor, board_member):
    article = approved_article(editor, board_member)
    html = client.get(article.get_absolute_url()).text
    assert '<h2 id="disclaimer-h">Professional medical disclaimer</h2>' in html
