"""The versions pages' compare buttons have names a screen reader can say."""

import re

import pytest
from django.urls import reverse

from tests.review.helpers import edit

RADIO = re.compile(r"<input[^>]*type=\"radio\"[^>]*>")


@pytest.mark.parametrize("where", ["workspace", "admin"])
def test_every_compare_radio_button_is_labelled_with_its_version(where, client, draft, editor):
    edit(draft, editor, body="## From the Research\n\nA second version.\n")
    client.force_login(editor)
    url = (
        reverse("review:versions", args=[draft.pk])
        if where == "workspace"
        else reverse("admin:articles_article_history", args=[draft.pk])
    )
    html = client.get(url).content.decode()
    radios = RADIO.findall(html)
    assert len(radios) == 4  # two versions, "from" and "to" for each
    for radio in radios:
        label = re.search(r'aria-label="([^"]+)"', radio)
        assert label, radio
        assert re.match(r"Compare (from|to) v\d+ \(", label.group(1)), label.group(1)
