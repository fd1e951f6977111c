"""Staff preview: any version in the public layout, under a "Preview — not public" banner."""

from django.urls import reverse

from articles.models import ArticleStatus
from tests.articles.factories import ArticleFactory, article_in_state
from tests.articles.test_admin import change_url
from tests.references.factories import ReferenceFactory
from tests.review.helpers import edit

S = ArticleStatus


def preview_url(article, version=None):
    url = reverse("review:preview", args=[article.pk])
    return f"{url}?version={version}" if version else url


def test_a_draft_previews_in_the_public_layout_with_a_banner(client, editor):
    ReferenceFactory(key="liu2011", title="Psoas abscess")
    article = ArticleFactory(author=editor, title="Is it psoas?", body="Text [@liu2011].")
    assert client.get(article.get_absolute_url()).status_code == 404  # readers: nothing
    client.force_login(editor)
    response = client.get(preview_url(article))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview — not public." in page
    assert "<h1>Is it psoas?</h1>" in page
    assert 'class="tracker"' in page  # the public page's own layout
    assert 'href="#ref-1"' in page
    assert "Psoas abscess" in page
    assert response.templates[1].name == "articles/article_detail.html"


def test_an_older_version_previews_as_it_was(client, editor):
    article = ArticleFactory(author=editor, title="First title?")
    first = article.history.order_by("history_id").first().history_id
    edit(article, editor, title="Second title?")
    client.force_login(editor)
    page = client.get(preview_url(article, first)).content.decode()
    assert "<h1>First title?</h1>" in page and "Second title?" not in page
    assert "the version saved" in page


def test_an_approved_version_previews_as_frozen(client, editor, board_member):
    article = article_in_state(S.APPROVED, editor=editor, board=board_member)
    version = article.published_versions.get()
    client.force_login(editor)
    page = client.get(preview_url(article, version.history_id)).content.decode()
    assert f"the approved version {version.approval_reference}" in page


def test_view_on_site_for_a_draft_opens_the_preview_not_a_404(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert preview_url(article) in page
    assert client.get(preview_url(article)).status_code == 200


def test_view_on_site_for_a_public_article_is_the_public_page(client, editor, board_member):
    article = article_in_state(S.APPROVED, editor=editor, board=board_member)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert f'href="{article.get_absolute_url()}" class="viewsitelink"' in page


def test_readers_and_outsiders_get_no_preview(client, editor, outsider):
    article = ArticleFactory(author=editor)
    assert client.get(preview_url(article)).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(preview_url(article)).status_code == 403


def test_an_unknown_version_is_404(client, editor):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    assert client.get(preview_url(article, 999999)).status_code == 404
    assert client.get(preview_url(article, "x")).status_code == 404


def test_a_version_of_another_article_is_404_not_shown(client, editor):
    article = ArticleFactory(author=editor, title="Mine?")
    other = ArticleFactory(author=editor, title="Someone else's draft?")
    foreign = other.history.first().history_id
    client.force_login(editor)
    response = client.get(preview_url(article, foreign))
    assert response.status_code == 404
    assert "Someone else" not in response.content.decode()
