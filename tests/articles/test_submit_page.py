"""The submit page says what submitting does for readers and asks only what applies."""

from django.urls import reverse

from articles import services
from articles.models import ArticleStatus
from tests.articles.factories import ArticleFactory, article_in_state


def submit_page(client, article) -> str:
    url = reverse("admin:articles_article_transition", args=[article.pk, "submit"])
    return client.get(url).content.decode()


def test_a_first_submission_says_the_text_becomes_public_with_the_banner(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    page = submit_page(client, article)
    assert (
        "Once submitted, this text is public at its address, marked “pending review by our "
        "Medical Advisory Board” with the caution banner, until the board decides." in page
    )
    # Nothing that does not apply to a first submission.
    assert "Kind of change" not in page and 'name="change_kind"' not in page
    assert 'name="change_note"' not in page
    assert "When archiving" not in page


def test_with_pending_articles_hidden_the_page_says_readers_see_nothing(client, editor, settings):
    settings.ARTICLES_SHOW_PENDING = False
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    page = submit_page(client, article)
    assert "Readers see nothing of it until the board approves it." in page
    assert "caution banner" not in page


def test_a_revision_asks_what_changed_and_says_readers_keep_the_approved_version(
    client, editor, board_member
):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member)
    services.article_revise(article=article, actor=editor)
    client.force_login(editor)
    page = submit_page(client, article)
    assert 'name="change_kind"' in page and 'name="change_note"' in page
    assert "Readers keep seeing the approved version until the board approves this one." in page
    assert "caution banner" not in page


def test_the_archive_page_still_says_readers_see_the_reason(client, editor, admin_user):
    article = ArticleFactory(author=editor)
    client.force_login(admin_user)
    url = reverse("admin:articles_article_transition", args=[article.pk, "archive"])
    assert "When archiving, readers of the withdrawn page see it." in client.get(url).text
