"""Staff previews of any version in the public layout (for the editorial workspace)."""

from django.test import RequestFactory

from readers.views import render_version_preview
from tests.readers.helpers import approved_article


def test_preview_renders_a_given_version_with_a_banner_and_no_forms(editor, board_member):
    article = approved_article(editor, board_member, n_refs=2)
    first_key = article.body.split("[@")[1].split("]")[0]
    request = RequestFactory().get("/editorial/preview/")
    request.user = editor
    response = render_version_preview(
        request,
        article=article,
        title="An older title?",
        summary="An older answer.",
        body=f"Older text citing [@{first_key}].\n",
    )
    html = response.content.decode()
    assert "<strong>Preview — not public.</strong>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "<h1>An older title?</h1>" in html and "Older text citing" in html
    assert '<a href="#ref-1" id="cite-1" aria-label="Reference 1"' in html
    assert "Report a problem" not in html and "csrfmiddlewaretoken" not in html
    assert response["Cache-Control"] == "private, no-store"
    # The article itself is untouched.
    article.refresh_from_db()
    assert article.title != "An older title?"
