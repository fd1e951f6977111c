"""What every entry path refuses or cleans in an article's text."""

import pytest
from django.test import override_settings

from articles import services
from articles.exceptions import ArticleError
from articles.rendering import render_markdown


def test_a_body_over_the_limit_is_refused_by_the_service(editor):
    article = services.article_create(actor=editor, title="Q?", body="Short.")
    with pytest.raises(ArticleError, match=r"The body is 250 KB of Markdown; the maximum is 200"):
        services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
            body="x" * 250 * 1024,
        )
    article.refresh_from_db()
    assert article.body == "Short." and article.text_version == 1


@override_settings(ARTICLE_BODY_MAX_KB=1)
def test_the_limit_is_a_setting(editor):
    with pytest.raises(ArticleError, match="the maximum is 1 KB"):
        services.article_create(actor=editor, title="Q?", body="x" * 2000)


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("Is 10 mg \u202egm 01 safe?", "U+202E right-to-left override"),
        ("Warfa\u200brin dose?", "U+200B zero width space"),
        ("Dose\u2066 isolate?", "U+2066 left-to-right isolate"),
    ],
)
def test_invisible_characters_in_the_question_are_refused(editor, title, named):
    with pytest.raises(ArticleError, match="invisible characters") as refused:
        services.article_create(actor=editor, title=title, body="Body.")
    assert named in str(refused.value)


def test_control_characters_are_stripped_from_the_text(editor):
    article = services.article_create(
        actor=editor, title="Dose\x00 of \x07warfarin?", summary="A\x1bB", body="One\x00two.\tOK"
    )
    article.refresh_from_db()
    assert (article.title, article.summary, article.body) == (
        "Dose of warfarin?",
        "AB",
        "Onetwo.\tOK",
    )


def test_brackets_nested_past_the_limit_are_refused_and_never_rendered(editor):
    with pytest.raises(ArticleError, match=r"Paragraph 2 has brackets “\[” nested more than 32"):
        services.article_create(actor=editor, title="Q?", body="Fine.\n\n" + "[" * 20_000)
    assert render_markdown("[" * 20_000).startswith('<pre class="unrendered">')


def test_a_board_member_name_with_a_direction_override_is_refused(admin_user, board_member):
    from django.core.exceptions import ValidationError

    from review import services as review_services
    from review.models import BoardMember

    with pytest.raises((ArticleError, ValidationError), match="invisible characters"):
        review_services.board_member_create(
            actor=admin_user, user=board_member, display_name="Jane \u202eeoR"
        )
    assert not BoardMember.objects.exists()


def test_a_request_over_the_upload_limit_gets_a_page_that_says_why(client, editor, settings):
    settings.DEBUG = False
    client.force_login(editor)
    client.raise_request_exception = False
    response = client.post("/admin/articles/article/add/", {"body": "x" * 13 * 1024 * 1024})
    assert response.status_code == 400
    assert "larger than the site accepts" in response.content.decode()
