"""What anonymous readers see."""

from django.urls import reverse

from articles import services
from tests.articles.factories import article_in_state


def test_list_shows_submitted_reviewing_and_approved_articles_only(
    client, editor, board_member, admin_user
):
    titles = {}
    for state in [
        "draft",
        "submitted",
        "under_review",
        "changes_requested",
        "approved",
        "archived",
    ]:
        article = article_in_state(
            state, editor=editor, board=board_member, admin=admin_user, title=f"Q {state}?"
        )
        titles[state] = article.title
    html = client.get(reverse("articles:list")).text
    for state in ["submitted", "under_review", "approved"]:
        assert titles[state] in html
    for state in ["draft", "changes_requested", "archived"]:
        assert titles[state] not in html


def test_pending_article_shows_the_tracker_step_and_the_caution_banner(
    client, editor, board_member
):
    article = article_in_state("under_review", editor=editor, board=board_member)
    html = client.get(article.get_absolute_url()).text
    assert 'class="current" aria-current="step">Under Review' in html
    assert "pending review by the Medical Advisory Board" in html
    assert "Last updated:" in html
    assert "Next review due" not in html


def test_approved_article_shows_review_dates_and_no_banner(client, editor, board_member):
    article = article_in_state("approved", editor=editor, board=board_member)
    html = client.get(article.get_absolute_url()).text
    assert 'aria-current="step">Approved' in html
    assert "pending review" not in html
    assert "Last reviewed:" in html and "Next review due:" in html
    assert "Reviewed by" in html
    assert reverse("articles:editorial_policy") in html


def test_drafts_and_archived_articles_are_not_found(client, editor, board_member, admin_user):
    for state in ["draft", "changes_requested", "archived"]:
        article = article_in_state(state, editor=editor, board=board_member, admin=admin_user)
        assert client.get(article.get_absolute_url()).status_code == 404


def test_body_html_is_sanitised(client, editor, board_member):
    article = services.article_create(
        actor=editor,
        title="Q?",
        body='Hello <script>alert("x")</script> <a href="javascript:alert(1)" onclick="x()">l</a>',
    )
    services.article_submit(article=article, actor=editor)
    html = client.get(article.get_absolute_url()).text
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_related_questions_link_only_to_visible_articles(client, editor, board_member):
    article = article_in_state("approved", editor=editor, board=board_member)
    visible = article_in_state("submitted", editor=editor, board=board_member, title="Seen?")
    hidden = article_in_state("draft", editor=editor, board=board_member, title="Hidden?")
    article.related_articles.set([visible, hidden])
    html = client.get(article.get_absolute_url()).text
    assert "Seen?" in html and "Hidden?" not in html


def test_list_query_count_does_not_grow(
    client, editor, board_member, django_assert_max_num_queries
):
    for _ in range(3):
        article_in_state("approved", editor=editor, board=board_member)
    with django_assert_max_num_queries(3):
        client.get(reverse("articles:list"))
    for _ in range(10):
        article_in_state("approved", editor=editor, board=board_member)
    with django_assert_max_num_queries(3):
        client.get(reverse("articles:list"))


def test_healthz(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_related_questions_show_the_approved_title_not_a_revision_in_progress(
    client, editor, board_member
):
    article = article_in_state("approved", editor=editor, board=board_member)
    other = article_in_state("approved", editor=editor, board=board_member, title="Approved?")
    services.article_revise(article=other, actor=editor)
    other.refresh_from_db()
    services.article_update(
        article=other, actor=editor, expected_version=other.version, title="UNREVIEWED DRAFT?"
    )
    article.related_articles.set([other])
    html = client.get(article.get_absolute_url()).text
    assert "Approved?" in html
    assert "UNREVIEWED DRAFT?" not in html


def test_detail_query_count_does_not_grow_with_related_questions(
    client, editor, board_member, django_assert_max_num_queries
):
    article = article_in_state("approved", editor=editor, board=board_member)
    others = [article_in_state("approved", editor=editor, board=board_member) for _ in range(2)]
    article.related_articles.set(others)
    with django_assert_max_num_queries(6) as few:
        client.get(article.get_absolute_url())
    article.related_articles.set(
        others + [article_in_state("approved", editor=editor, board=board_member) for _ in range(5)]
    )
    with django_assert_max_num_queries(6) as many:
        client.get(article.get_absolute_url())
    assert len(few.captured_queries) == len(many.captured_queries)
