"""The article admin: buttons for allowed transitions only, all writes through the services."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleStatus
from tests.articles.factories import ArticleFactory, article_in_state


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def transition_url(article, name):
    return reverse("admin:articles_article_transition", args=[article.pk, name])


def form_data(article, **overrides):
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "audience": article.audience,
        "review_interval_months": article.review_interval_months,
        "expected_lock_version": article.lock_version,
        "comment": "",
        "state_changes-TOTAL_FORMS": "0",
        "state_changes-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_changelist_shows_status_author_and_dates(client, editor):
    ArticleFactory(author=editor, title="What is pyomyositis?")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), {"status__exact": "draft"})
    assert response.status_code == 200
    for text in ["What is pyomyositis?", "Last updated", "Next review due", "Draft"]:
        assert text in response.text


@pytest.mark.parametrize(
    ("state", "role", "shown", "hidden"),
    [
        ("draft", "editor", ["Submit for review"], ["Approve", "Start review", "Archive"]),
        # Board decisions are taken on the review page (quorum, exact versions), never here.
        (
            "under_review",
            "admin",
            ["Withdraw from review", "Archive"],
            ["Approve", "Request changes"],
        ),
        ("approved", "editor", ["Start a revision"], ["Approve", "Archive"]),
        ("approved", "admin", ["Start a revision", "Archive"], ["Approve", "Restore"]),
    ],
)
def test_change_page_shows_only_the_transitions_the_user_may_take_now(
    client, state, role, shown, hidden, editor2, board_member, admin_user, editor
):
    article = article_in_state(state, editor=editor2, board=board_member, admin=admin_user)
    user = {"editor": editor, "board": board_member, "admin": admin_user}[role]
    client.force_login(user)
    html = client.get(change_url(article)).text
    actions = html[html.index('id="workflow-actions"') :]
    for label in shown:
        assert f">{label}</a>" in actions
    for label in hidden:
        assert f">{label}</a>" not in actions


def test_transition_button_goes_through_the_service(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    assert client.get(transition_url(article, "submit")).status_code == 200
    response = client.post(transition_url(article, "submit"), {"comment": "Ready"}, follow=True)
    assert "Done: Submit for review." in response.text
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED
    change = article.state_changes.get()
    assert (change.actor, change.comment) == (editor, "Ready")
    assert article.history.first().history_change_reason == "article.submit: Ready"


def test_forged_transition_post_is_refused_with_403_and_changes_nothing(
    client, editor, board_member
):
    article = article_in_state("submitted", editor=editor, board=board_member)
    client.force_login(editor)
    response = client.post(transition_url(article, "archive"), {"comment": "not mine to do"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == ArticleStatus.SUBMITTED
    assert not article.state_changes.filter(transition="archive").exists()


@pytest.mark.parametrize("name", ["start_review", "request_changes", "approve"])
def test_board_decisions_cannot_be_taken_from_the_article_admin(
    client, name, editor, board_member, admin_user
):
    """Even for an admin: approval goes through the board's review and its quorum."""
    state = "submitted" if name == "start_review" else "under_review"
    article = article_in_state(state, editor=editor, board=board_member)
    client.force_login(admin_user)
    response = client.post(transition_url(article, name), {"comment": "shortcut"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == state
    assert not article.published_versions.exists()


def test_transition_in_the_wrong_state_shows_the_reason(client, editor, board_member):
    article = article_in_state("approved", editor=editor, board=board_member)
    client.force_login(editor)
    response = client.post(transition_url(article, "submit"), {}, follow=True)
    assert "Cannot submit this article: it is approved" in response.text
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED


def test_unknown_transition_is_404(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    assert client.post(transition_url(article, "delete")).status_code == 404


def test_add_creates_through_the_service_with_the_author(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "What is iliopsoas bursitis?",
            "slug": "",
            "summary": "",
            "body": "Body.",
            "audience": "patient",
            "review_interval_months": 24,
            "comment": "New topic",
            "state_changes-TOTAL_FORMS": "0",
            "state_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.text
    article = Article.objects.get()
    assert (article.slug, article.author, article.review_interval_months) == (
        "what-is-iliopsoas-bursitis",
        editor,
        24,
    )
    assert article.history.first().history_change_reason == "article.create: New topic"


def test_edit_goes_through_the_service(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    response = client.post(change_url(article), form_data(article, body="New.", comment="Why"))
    assert response.status_code == 302, response.text
    article.refresh_from_db()
    assert article.body == "New."
    assert article.lock_version == 2
    record = article.history.first()
    assert (record.history_user, record.history_change_reason) == (editor, "article.update: Why")


def test_a_post_without_the_version_is_refused(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    data = form_data(article, body="No version.")
    del data["expected_lock_version"]
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "This field is required" in response.text
    article.refresh_from_db()
    assert article.body != "No version."


def test_stale_form_gets_a_conflict_message_and_the_first_save_is_kept(client, editor, editor2):
    article = ArticleFactory(author=editor)
    stale = form_data(article, body="Second editor's text.")
    services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        body="First text.",
    )
    client.force_login(editor2)
    response = client.post(change_url(article), stale)
    assert response.status_code == 200
    assert "Someone saved this article after you opened it" in response.text
    assert "Second editor&#x27;s text." in response.text  # their text is still in the form
    article.refresh_from_db()
    assert article.body == "First text."


def test_approved_article_is_read_only_in_the_admin(client, editor, board_member):
    article = article_in_state("approved", editor=editor, board=board_member)
    client.force_login(editor)
    client.post(change_url(article), form_data(article, body="Sneaky."))
    article.refresh_from_db()
    assert article.body != "Sneaky."


def test_board_members_have_no_admin_view_of_unpublished_articles(client, editor, board_member):
    """They read what they were asked to review on its review page, which checks that."""
    article = ArticleFactory(author=editor)
    client.force_login(board_member)
    for url in [
        change_url(article),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_compare", args=[article.pk]) + "?old=1&new=1",
    ]:
        assert client.get(url).status_code == 403, url
    response = client.post(change_url(article), form_data(article, body="Board rewrite"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.body != "Board rewrite"


def test_history_compare_and_revert(client, editor):
    article = services.article_create(actor=editor, title="Q?", body="Line one.\nLine two.")
    first = article.history.first().history_id
    services.article_update(
        article=article, actor=editor, expected_lock_version=1, body="Line one.\nLine 2 changed."
    )
    second = article.history.first().history_id
    client.force_login(editor)

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert '<span class="cell-label">Version</span> v1</td>' in history.text
    assert '<span class="cell-label">Version</span> v2</td>' in history.text
    assert "article.update" in history.text
    assert f"#{first}" not in history.text  # database ids stay out of sight

    compare = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"old": first, "new": second},
    )
    assert compare.status_code == 200
    assert "Line <del>two</del>." in compare.text and "Line <ins>2 changed</ins>." in compare.text
    assert "Question (title) — unchanged" in compare.text
    assert "Before (v1)" in compare.text and "After (v2)" in compare.text

    revert_url = reverse("admin:articles_article_revert", args=[article.pk, first])
    assert "Line <ins>two</ins>." in client.get(revert_url).text
    response = client.post(revert_url, {"comment": "Back"}, follow=True)
    assert "Reverted to v1: the article is a draft again, as v3." in response.text
    article.refresh_from_db()
    assert article.body == "Line one.\nLine two."


def test_diff_escapes_html_typed_into_the_body(client, editor):
    article = services.article_create(actor=editor, title="Q?", body="Safe.")
    first = article.history.first().history_id
    services.article_update(
        article=article, actor=editor, expected_lock_version=1, body="<script>alert(1)</script>"
    )
    client.force_login(editor)
    compare = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"old": first, "new": article.history.first().history_id},
    )
    assert "<script>alert(1)" not in compare.text
    assert "&lt;script&gt;" in compare.text


def test_board_member_cannot_revert(client, editor, board_member):
    article = services.article_create(actor=editor, title="Q?", body="One.")
    first = article.history.first().history_id
    services.article_update(article=article, actor=editor, expected_lock_version=1, body="Two.")
    client.force_login(board_member)
    url = reverse("admin:articles_article_revert", args=[article.pk, first])
    assert client.post(url, {"comment": ""}).status_code == 403
    article.refresh_from_db()
    assert article.body == "Two."


def test_outsider_cannot_reach_the_article_admin(client, outsider, editor):
    article = ArticleFactory(author=editor)
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(change_url(article)).status_code == 403
    assert (
        client.get(reverse("admin:articles_article_history", args=[article.pk])).status_code == 403
    )


def test_live_version_is_shown(client, editor, board_member):
    article = article_in_state("approved", editor=editor, board=board_member)
    client.force_login(editor)
    html = client.get(change_url(article)).text
    assert article.published_versions.get().approval_reference in html
