"""Staff preview: any version in the public layout, under a "Preview — not public" banner."""

import pytest
from django.urls import reverse

from articles import services as article_services
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
    assert "<strong>Preview — not public.</strong>" in page
    assert "the current text (draft)" in page
    assert (
        f'<a href="{reverse("review:article", args=[article.pk])}">Back to the review</a>' in page
    )
    assert "<h1>Is it psoas?</h1>" in page
    # The current public page's anatomy: board statement, tracker, caution, disclaimer.
    assert "Not yet reviewed by our <a" in page
    assert "Review status: Submitted" in page and 'aria-current="step"' in page
    assert "this content is pending review by our Medical Advisory Board" in page
    assert "Professional medical disclaimer" in page
    assert '<a href="#ref-1" id="cite-1" aria-label="Reference 1"' in page
    assert "Psoas abscess" in page
    # Never indexed, never cached, no reader forms.
    assert '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Cache-Control"] == "private, no-store"
    assert "Report a problem" not in page and "csrfmiddlewaretoken" not in page


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
    assert "<strong>Preview — not public.</strong>" in page
    assert f"<h1>{version.title}</h1>" in page
    assert "Review status: Approved" in page
    reviewer = version.reviewers[0]
    assert "Medically reviewed by" in page and reviewer["name"] in page
    assert "pending review by our Medical Advisory Board" not in page


def test_an_approved_version_previews_its_frozen_text_not_later_edits(client, editor, board_member):
    article = article_in_state(S.APPROVED, editor=editor, board=board_member)
    version = article.published_versions.get()
    article_services.article_revise(article=article, actor=editor)
    edit(article, editor, title="Rewritten title?", body="Entirely new wording.")
    client.force_login(editor)
    frozen = client.get(preview_url(article, version.history_id)).content.decode()
    assert f"<h1>{version.title}</h1>" in frozen and "Rewritten title?" not in frozen
    assert "Entirely new wording." not in frozen
    assert "Review status: Approved" in frozen
    current = client.get(preview_url(article)).content.decode()
    assert "<h1>Rewritten title?</h1>" in current and "Entirely new wording." in current
    assert "the current text (draft)" in current
    assert "Medically reviewed by" not in current


def test_without_a_renderer_the_preview_refuses_and_the_check_fails(client, editor, settings):
    from django.core.exceptions import ImproperlyConfigured

    from review.extensions import check_review_extensions

    article = ArticleFactory(author=editor)
    client.force_login(editor)
    assert check_review_extensions() == []
    settings.REVIEW_EXTENSIONS = [
        path for path in settings.REVIEW_EXTENSIONS if not path.startswith("readers.")
    ]
    assert [e.id for e in check_review_extensions()] == ["review.E001"]
    with pytest.raises(ImproperlyConfigured, match="No staff preview renderer"):
        client.get(preview_url(article))


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
