"""The report form pre-selects no kind: an untouched report must not jump the queue."""

import re

import pytest

from readers.models import Feedback
from tests.readers.helpers import approved_article


@pytest.fixture
def article(editor, board_member):
    return approved_article(editor, board_member)


def test_no_kind_of_problem_is_pre_selected(client, article):
    html = client.get(f"{article.get_absolute_url()}report/").text
    select = re.search(r'<select name="kind".*?</select>', html, re.S).group(0)
    assert " required" in select
    options = re.findall(r"<option[^>]*>[^<]*</option>", select)
    assert options[0] == '<option value="" selected>Choose one…</option>'
    assert all(" selected" not in option for option in options[1:])


def test_a_report_without_a_kind_is_refused_and_nothing_is_stored(client, article):
    response = client.post(
        f"{article.get_absolute_url()}report/",
        {"kind": "", "message": "The dose in paragraph 2 is ten times too high."},
    )
    assert response.status_code == 400
    assert "Choose what kind of problem this is." in response.text
    assert not Feedback.objects.exists()
    # What the reader wrote is kept for them to correct.
    assert "ten times too high" in response.text
