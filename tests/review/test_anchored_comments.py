"""Comments anchored to the text: the quote is highlighted in the text the reviewer and the
editor read, follows edits elsewhere, and is marked "passage changed" once it is gone."""

from django.urls import reverse

from review import services
from review.anchors import anchor_quotes
from tests.review.helpers import edit

BODY = "Start antibiotics that cover *Staphylococcus aureus* early.\n\nDrain any abscess."


def review_text(client, article):
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    text = page.split('<section id="text">')[1].split("</section>")[0]
    discussion = page.split('id="discussion"')[1].split("</section>")[0]
    return text, discussion


def test_the_quote_is_highlighted_for_the_reviewer_and_the_editor(client, assigned, member, editor):
    article = assigned.article
    edit(article, editor, body=BODY)
    comment = services.comment_create(
        article=article,
        actor=member.user,
        body="Which regimen?",
        quote="cover Staphylococcus aureus early",
    )
    for user in [member.user, editor]:
        client.force_login(user)
        text, discussion = review_text(client, article)
        assert f'<mark class="anchor" id="anchor-{comment.pk}"' in text
        assert f'href="#anchor-{comment.pk}"' in discussion
        assert "Passage changed" not in discussion


def test_the_anchor_survives_an_edit_elsewhere_and_marks_a_changed_passage(
    client, assigned, member, editor
):
    article = assigned.article
    edit(article, editor, body=BODY)
    kept = services.comment_create(
        article=article, actor=member.user, body="Good.", quote="Drain any abscess."
    )
    changed = services.comment_create(
        article=article, actor=member.user, body="Which?", quote="cover Staphylococcus aureus"
    )
    edit(article, editor, body="Start empirical antibiotics at once.\n\nDrain any abscess.")
    client.force_login(editor)
    text, discussion = review_text(client, article)
    assert f'id="anchor-{kept.pk}"' in text
    assert f'id="anchor-{changed.pk}"' not in text
    changed_thread = discussion.split(f'id="comment-{changed.pk}"')[1]
    assert "Passage changed" in changed_thread.split('id="comment-')[0]


def test_anchoring_ignores_tags_entities_and_citation_markers():
    html = '<p>Use <em>A &amp; B</em> now<sup class="citation"><a href="#ref-1">1</a></sup>.</p>'
    anchored = anchor_quotes(html, [(7, "*A & B* now [@liu2011]"), (8, "x")])
    assert anchored.found == {7}
    assert '<em><mark class="anchor" id="anchor-7"' in anchored.body_html
    assert "A &amp; B</mark></em>" in anchored.body_html
    assert anchored.body_html.count("<mark") == 2  # split at the tag, never across it
