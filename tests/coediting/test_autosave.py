"""Autosave: unsaved text kept per person, offered back, dropped on save; the article stays."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from articles.models import Article, ArticleStatus
from coediting.drafts import draft_for
from coediting.models import DraftSlot
from tests.articles.factories import ArticleFactory, article_in_state
from tests.review.helpers import edit


def autosave(client, article, **values):
    data = {"title": article.title, "summary": article.summary, "body": article.body, **values}
    return client.post(reverse("coediting:autosave", args=[article.pk]), data)


def footprint(article):
    row = Article.objects.values(
        "title", "body", "lock_version", "text_version", "content_updated_at", "summary"
    ).get(pk=article.pk)
    return row, article.history.count()


def change_page(client, article):
    return client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()


def test_autosave_keeps_the_text_and_the_article_does_not_move(client, editor):
    article = ArticleFactory(author=editor)
    before = footprint(article)
    client.force_login(editor)
    with time_machine.travel("2026-03-02 10:44:05Z", tick=False):
        response = autosave(client, article, body="A longer unsaved answer.")
    assert response.json() == {"saved_at": "10:44:05"}
    assert draft_for(article, editor).body == "A longer unsaved answer."
    assert footprint(article) == before


def test_reopening_offers_the_unsaved_changes_back(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    with time_machine.travel("2026-03-02 10:44:00Z", tick=False):
        autosave(client, article, title="What treats psoas myositis best?")
    html = change_page(client, article)
    assert "Restore your unsaved changes from 10:44?" in html
    assert '"What treats psoas myositis best?"' in html  # the kept text, for the Restore button
    assert "The article was saved since" not in html


def test_the_offer_says_when_the_article_was_saved_since(client, editor, editor2):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    autosave(client, article, body="Mine, unsaved.")
    edit(article, editor2, summary="Someone else's saved summary.")
    assert "The article was saved since" in change_page(client, article)


def test_the_slot_is_per_person(client, editor, editor2):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    autosave(client, article, body="Eve's unsaved text.")
    client.force_login(editor2)
    assert "Restore your unsaved changes" not in change_page(client, article)
    assert draft_for(article, editor2) is None


def test_saving_the_article_discards_the_savers_slot_only(client, editor, editor2):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    autosave(client, article, body="Eve's unsaved text.")
    client.force_login(editor2)
    autosave(client, article, body="Ed's unsaved text.")
    edit(article, editor, body="Eve's saved text.")
    assert draft_for(article, editor) is None
    assert draft_for(article, editor2).body == "Ed's unsaved text."
    client.force_login(editor)
    assert "Restore your unsaved changes" not in change_page(client, article)


def test_going_back_to_the_saved_text_drops_the_slot(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    autosave(client, article, body="Something else.")
    assert autosave(client, article).json() == {"saved_at": ""}
    assert not DraftSlot.objects.exists()
    # The same text with a form's CRLF line ends is the saved text too.
    assert autosave(client, article, body=article.body.replace("\n", "\r\n")).json() == {
        "saved_at": ""
    }
    assert not DraftSlot.objects.exists()


def test_discard_drops_the_slot(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    autosave(client, article, body="Something else.")
    client.post(reverse("coediting:discard", args=[article.pk]))
    assert not DraftSlot.objects.exists()


def test_the_stale_save_refusal_still_has_the_last_word(client, editor, editor2):
    from articles.exceptions import ArticleError
    from articles.services import article_update

    article = ArticleFactory(author=editor)
    opened_at = article.lock_version
    client.force_login(editor)
    autosave(client, article, body="Eve's unsaved text.")
    edit(article, editor2, body="Ed's saved text.")
    article.refresh_from_db()
    try:
        article_update(
            article=article, actor=editor, expected_lock_version=opened_at, body="Eve's text."
        )
        raise AssertionError("a stale save went through")
    except ArticleError:
        pass
    article.refresh_from_db()
    assert article.body == "Ed's saved text."


# Refusals: a clear answer, nothing kept.


def test_a_board_member_cannot_autosave(client, editor, board_member):
    article = ArticleFactory(author=editor)
    client.force_login(board_member)
    response = autosave(client, article, body="Not mine to write.")
    assert response.status_code == 403
    assert response.json()["error"] == "Your role does not allow you to edit articles."
    assert not DraftSlot.objects.exists()


def test_an_approved_article_is_frozen(client, editor, board_member):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    client.force_login(editor)
    response = autosave(client, article, body="Changed.")
    assert response.status_code == 403
    assert "approved and frozen" in response.json()["error"]
    assert not DraftSlot.objects.exists()
    assert "autosave.js" not in change_page(client, article)


def test_a_body_over_the_limit_is_refused(client, editor, settings):
    settings.ARTICLE_BODY_MAX_KB = 1
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    response = autosave(client, article, body="x" * 2000)
    assert response.status_code == 403
    assert "1 KB" in response.json()["error"]
    assert not DraftSlot.objects.exists()


def test_anonymous_autosave_is_refused(client, editor):
    article = ArticleFactory(author=editor)
    response = autosave(client, article, body="Changed.")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not DraftSlot.objects.exists()
