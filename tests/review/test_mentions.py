"""@mentions in review comments: only people who may see the article; the mentioned get a
notification through the outbox and a "Mentions" list on their home page."""

import pytest
from django.urls import reverse

from review import services
from review.exceptions import ReviewRefused
from review.mentions import mentioned_names
from review.models import Notification, ReviewComment
from review.selectors_mentions import mentionable_people


def test_names_are_found_but_not_in_email_addresses_or_doses():
    body = "Thanks @drroe, and @ed.writer: see jane@example.org; give 5 mg @ 8 h. @drroe"
    assert mentioned_names(body) == ["drroe", "ed.writer"]


def test_a_mention_notifies_and_lists_the_comment_on_their_home(
    client, assigned, member, editor, run_on_commit
):
    article = assigned.article
    comment = run_on_commit(
        services.comment_create,
        article=article,
        actor=editor,
        body=f"@{member.user.username} could you check the dose here?",
        quote="Some evidence.",
    )
    assert list(comment.mentioned.all()) == [member.user]
    note = Notification.objects.get(kind="mention", recipient=member.user)
    assert note.subject == f"Eve Editor mentioned you: {article.title}"
    assert "could you check the dose here?" in note.body and "“Some evidence.”" in note.body
    client.force_login(member.user)
    home = client.get(reverse("review:my_reviews")).content.decode()
    section = home[home.index('id="mentions"') :]
    assert "Eve Editor" in section and "could you check the dose here?" in section
    assert "“Some evidence.”" in section
    assert f"{reverse('review:article', args=[article.pk])}#comment-{comment.pk}" in section


def test_mentioning_someone_who_cannot_see_the_article_is_refused_naming_them(
    assigned, editor, board_member2
):
    article = assigned.article
    with pytest.raises(ReviewRefused) as refused:
        services.comment_create(
            article=article,
            actor=editor,
            body=f"@{board_member2.username} and @nobody please look",
        )
    assert refused.value.message == (
        f"Cannot mention @{board_member2.username} (Sam Smith), who cannot see this "
        "article's review, nor @nobody (no one by that name). Nothing was posted."
    )
    assert not ReviewComment.objects.filter(article=article).exists()
    assert not Notification.objects.filter(kind="mention").exists()


def test_suggestions_are_only_people_who_may_see_the_article(
    client, assigned, member, editor, board_member2
):
    people = mentionable_people(assigned.article)
    names = [p.username for p in people]
    assert member.user.username in names and editor.username in names
    assert board_member2.username not in names
    client.force_login(editor)
    page = client.get(reverse("review:article", args=[assigned.article_id])).content.decode()
    hint = page[page.index('id="mention-hint"') :]
    assert f"@{member.user.username}" in hint and f"@{board_member2.username}" not in hint[:2000]


def test_the_suggestions_agree_with_the_review_page_rule(
    assigned, editor, board_member2, admin_user, outsider
):
    from django.contrib.auth import get_user_model

    from review.permissions import can_view_review

    article = assigned.article
    expected = {u.pk for u in get_user_model().objects.all() if can_view_review(u, article)}
    assert {p.pk for p in mentionable_people(article)} == expected
    assert board_member2.pk not in expected and outsider.pk not in expected
