"""The public record: a revision of an approved article says what changed, and of what kind."""

import pytest

from articles import services
from articles.exceptions import TransitionRefused
from articles.models import ArticleStatus
from tests.articles.factories import approve_through_board, article_in_state


def _revised(editor, board_member):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    return services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body="Revised text.\n",
    )


def test_first_submission_needs_no_note(editor):
    article = article_in_state(ArticleStatus.DRAFT, editor=editor, board=None)
    services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


@pytest.mark.parametrize(
    ("kind", "note", "missing"),
    [
        ("", "", "say what changed"),
        ("update", "  ", "say what changed"),
        ("", "Dosing updated.", "choose the kind of change"),
        ("sideways", "Dosing updated.", "choose the kind of change"),
    ],
)
def test_a_revision_without_its_note_or_kind_is_refused_and_nothing_changes(
    editor, board_member, kind, note, missing
):
    article = _revised(editor, board_member)
    version = article.lock_version
    with pytest.raises(TransitionRefused) as refused:
        services.article_submit(article=article, actor=editor, change_kind=kind, change_note=note)
    assert missing in str(refused.value)
    assert str(refused.value).startswith("Cannot submit:")
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert article.lock_version == version and article.change_note == ""


def test_the_note_and_kind_are_frozen_into_the_next_approved_version(editor, board_member):
    article = _revised(editor, board_member)
    services.article_submit(
        article=article, actor=editor, change_kind="correction", change_note="Dose fixed: 5 mg."
    )
    version = approve_through_board(article, board_member)
    assert (version.change_kind, version.change_note) == ("correction", "Dose fixed: 5 mg.")
    first = article.published_versions.order_by("approved_at", "pk").first()
    assert first.change_kind == "" and first.change_note == ""

    # The next revision starts without a note: each version says what changed in it.
    article.refresh_from_db()
    services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    assert (article.change_kind, article.change_note) == ("", "")


def test_a_note_saved_on_the_article_before_submitting_counts(editor, board_member):
    article = _revised(editor, board_member)
    article = services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        change_kind="minor",
        change_note="Wording.",
    )
    services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED


def test_the_admin_submit_form_asks_what_changed_and_refuses_without_it(
    client, editor, board_member
):
    from django.urls import reverse  # noqa: PLC0415

    article = _revised(editor, board_member)
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "submit"])
    assert "What changed" in client.get(url).text

    response = client.post(url, {"comment": ""}, follow=True)
    assert "say what changed" in response.text
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT

    client.post(url, {"comment": "", "change_kind": "update", "change_note": "New trial."})
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED
    assert (article.change_kind, article.change_note) == ("update", "New trial.")
