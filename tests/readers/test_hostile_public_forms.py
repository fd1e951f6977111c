"""Hostile input to the public forms ("Report a problem", "Ask a follow-up question"):
no 500, a message, and nothing stored unless it is clean.

Runs on SQLite and, in the PostgreSQL suite, on PostgreSQL, where a NUL byte would end in
``DataError`` if it reached the database.
"""

import pytest
from django.urls import reverse

from articles.textclean import CONTROL
from readers.models import Feedback, FollowUpQuestion
from tests.readers.helpers import approved_article
from tests.review.test_hostile_input import TEXT, WRONG


@pytest.fixture
def article(editor, board_member):
    return approved_article(editor, board_member)


def stored():
    return Feedback.objects.count(), FollowUpQuestion.objects.count()


def post(client, article, form, **data):
    url = reverse(f"readers:{form}", args=[article.slug])
    return client.post(url, data, REMOTE_ADDR="203.0.113.9")


FIELDS = {
    "report": {"kind": "typo", "message": "The dose in paragraph two looks wrong.", "email": ""},
    "ask": {"question": "Does this apply to children under five?", "email": ""},
}
TEXT_FIELD = {"report": "message", "ask": "question"}


@pytest.mark.parametrize("form", ["report", "ask"])
@pytest.mark.parametrize("name", sorted(TEXT))
def test_hostile_text_answers_with_a_message_and_stores_only_clean_text(
    form, name, client, article
):
    before = stored()
    data = {**FIELDS[form], TEXT_FIELD[form]: TEXT[name]}
    response = post(client, article, form, **data)
    assert response.status_code < 500
    if stored() == before:
        # Refused: the page says why (the form is shown again with the reason).
        assert response.status_code == 400
        assert response.content.decode().count("<form") >= 1
    else:
        # Accepted: nothing unclean reached the database.
        text = (
            Feedback.objects.get().message
            if form == "report"
            else FollowUpQuestion.objects.get().question
        )
        assert not CONTROL.search(text)


def test_a_nul_byte_is_refused_in_words_and_nothing_is_stored(client, article):
    response = post(client, article, "report", **{**FIELDS["report"], "message": TEXT["nul"]})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert stored() == (0, 0)


def test_escape_and_bell_characters_are_dropped_from_a_report(client, article):
    response = post(
        client, article, "report", **{**FIELDS["report"], "message": TEXT["controls"] * 2}
    )
    assert response.status_code == 302
    assert Feedback.objects.get().message == "Dose[31m 10 mgDose[31m 10 mg"


@pytest.mark.parametrize(
    ("form", "field"), [("report", "kind"), ("report", "email"), ("ask", "email")]
)
@pytest.mark.parametrize("value", WRONG)
def test_wrong_values_in_choice_and_email_fields(form, field, value, client, article):
    response = post(client, article, form, **{**FIELDS[form], field: value})
    assert response.status_code == 400
    assert stored() == (0, 0)
