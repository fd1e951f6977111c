"""The review page reads like a document: the text, what changed and the evidence come
first, the decision after them; a pointer at the top says when it is due."""

from django.urls import reverse


def test_the_decision_form_comes_after_the_text_the_changes_and_the_evidence(
    client, assigned, board_member
):
    client.force_login(board_member)
    html = client.get(reverse("review:article", args=[assigned.article.pk])).content.decode()
    order = [html.index(f'id="{part}"') for part in ("text", "diff", "my-decision")]
    assert order == sorted(order)
    due = f"{assigned.due_date:%Y-%m-%d}"
    pointer = html[html.index('id="to-my-decision"') :]
    assert pointer.index(f"Your review is due {due}") < pointer.index('href="#my-decision"')
    assert html.index('id="to-my-decision"') < html.index('id="text"')


def test_an_editor_sees_no_decision_pointer(client, assigned, editor):
    client.force_login(editor)
    html = client.get(reverse("review:article", args=[assigned.article.pk])).content.decode()
    assert 'id="to-my-decision"' not in html and 'id="my-decision"' not in html
