"""Bounded word-level diffs. Speed is in bench/diff.py."""

import pytest
from django.urls import reverse

from articles import diffing, services
from articles.diffing import diff_text


def test_words_are_marked_only_inside_changed_paragraphs():
    result = diff_text("Same.\nGive 1 g daily.\nSame end.", "Same.\nGive 2 g daily.\nSame end.")
    [change] = [row for row in result.rows if row.is_change]
    assert change.old_html == "Give <del>1</del> g daily."
    assert change.new_html == "Give <ins>2</ins> g daily."
    assert result.notes == []


def test_every_second_of_2000_lines_edited_completes_without_recursion_error(monkeypatch):
    # What is checked is the depth, not the speed: a loaded machine must not hit either
    # time budget, lines or words (which would make the diff coarser, a different, tested
    # behaviour).
    monkeypatch.setattr(diffing, "LINE_SECONDS", 120.0)
    monkeypatch.setattr(diffing, "WORD_SECONDS", 120.0)
    old = [f"Paragraph {i} about the dose." for i in range(2000)]
    new = [line + " Edited." if i % 2 else line for i, line in enumerate(old)]
    result = diff_text("\n".join(old), "\n".join(new))
    assert sum(row.is_change for row in result.rows) == 1000
    assert result.rows[-1].new_html == "Paragraph 1999 about the dose.<ins> Edited.</ins>"


def test_past_the_block_limit_the_rest_is_summarised(monkeypatch):
    monkeypatch.setattr(diffing, "MAX_BLOCKS", 10)
    old = [f"Paragraph {i}." for i in range(100)]
    new = [line + " Edited." if i % 2 else line for i, line in enumerate(old)]
    result = diff_text("\n".join(old), "\n".join(new))
    assert sum(row.is_change for row in result.rows) == 10
    assert "40 further changed blocks are not shown" in " ".join(result.notes)


def test_past_the_time_budget_the_diff_is_coarser_and_says_so(monkeypatch):
    monkeypatch.setattr(diffing, "LINE_SECONDS", 0.0)
    result = diff_text("a\nb\nc", "c\nb\na\nd")
    assert result.changed
    assert "differ too much to align paragraph by paragraph" in result.notes[0]


def test_html_in_the_text_is_escaped():
    result = diff_text("Safe.", "<script>alert(1)</script>")
    html = "".join(row.new_html for row in result.rows)
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("text", ["", "x" * 300_000])
def test_one_unbroken_long_line_and_empty_texts(text):
    result = diff_text(text, text + "y")
    assert result.changed


def test_the_compare_page_diffs_title_summary_body_and_cited_references(client, editor):
    article = services.article_create(actor=editor, title="Old question?", body="Body.")
    first = article.history.first().history_id
    services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        title="New question?",
        summary="Short answer.",
    )
    client.force_login(editor)
    page = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"old": first, "new": article.history.first().history_id},
    ).content.decode()
    assert "<del>Old</del>" in page and "<ins>New</ins>" in page
    assert "Summary</h3>" in page and "Body — unchanged" in page
    assert "Cited references — unchanged" in page
    assert '<table class="diff"' not in page  # no leftover difflib table


def test_comparing_a_version_with_itself_offers_no_revert(client, editor):
    article = services.article_create(actor=editor, title="Q?", body="One.")
    first = article.history.first().history_id
    services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version, body="Two."
    )
    client.force_login(editor)
    url = reverse("admin:articles_article_compare", args=[article.pk])
    same = client.get(url, {"old": first, "new": first}).content.decode()
    assert "nothing to compare, nothing to revert" in same and "Revert to" not in same
    other = client.get(url, {"old": first, "new": article.history.first().history_id})
    assert "Revert to v1" in other.content.decode()


def test_no_revert_is_offered_for_a_version_equal_to_the_current_text(client, editor):
    article = services.article_create(actor=editor, title="Q?", body="One.")
    services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        review_interval_months=6,
    )
    client.force_login(editor)
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Revert to this" not in history.content.decode()
    assert "same text as now" in history.content.decode()
    change = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert (
        change.content.decode().count(reverse("admin:articles_article_history", args=[article.pk]))
        == 1
    )  # one "Versions & diff" link, no duplicate "History"


def test_a_change_of_blank_lines_only_is_noted():
    result = diff_text("One.\n\nTwo.", "One.\n\n\n\nTwo.")
    assert not result.changed
    assert result.notes == ["Only blank lines between paragraphs changed."]
