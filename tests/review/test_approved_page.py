"""After approval the review page and the admin say what was approved, by whom, as which
version, and what readers see (not "0 of 1 required"); hashes are short, in one timeline."""

import re

import pytest
from django.urls import reverse

from articles.models import ArticleStatus
from review import services
from tests.articles.test_admin import change_url

S = ArticleStatus


@pytest.fixture
def approved(assigned, member):
    services.review_decide(assignment=assigned, actor=member.user, decision="approve")
    article = assigned.article
    article.refresh_from_db()
    assert article.status == S.APPROVED
    return article, article.published_versions.get()


def test_review_page_after_approval_says_what_was_approved_and_what_readers_see(
    client, approved, editor
):
    article, version = approved
    client.force_login(editor)
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    section = page.split('id="live-version"')[1].split("</section>")[0]
    assert "of 1 required" not in section
    assert f"<strong>{version.approval_reference}</strong>" in section
    assert "by Jane Roe, MD, FACP" in section
    assert "Readers see this approved version" in section
    assert article.get_absolute_url() in section


def test_admin_after_approval_says_what_was_approved(client, approved, editor):
    article, version = approved
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "0 of 1" not in page
    assert (
        f"Approved: {version.approval_reference}, approved {version.approved_at:%Y-%m-%d} "
        "by Jane Roe, MD, FACP. Readers see this approved version."
    ) in page


def test_admin_before_approval_counts_what_is_still_needed(client, assigned, editor):
    client.force_login(editor)
    page = client.get(change_url(assigned.article)).content.decode()
    assert (
        "Not yet approved: 0 of 1 approvals of the current version (1 more needed). "
        "Readers see the submitted text, with a caution banner (not yet approved)."
    ) in page


def test_admin_has_one_timeline_and_no_citation_helper_beside_a_frozen_body(
    client, approved, editor
):
    article, _ = approved
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "Review timeline" in page
    assert "Workflow timeline" not in page
    assert "Draft → Submitted" in page  # state changes are in the one timeline
    assert 'id="cite-helper"' not in page and "Insert citation" not in page


def test_hashes_are_short_with_the_full_one_on_demand(client, approved, editor):
    article, version = approved
    client.force_login(editor)
    for url in [reverse("review:article", args=[article.pk]), change_url(article)]:
        page = client.get(url).content.decode()
        # Every full SHA-256 sits folded inside a <details> whose summary shows 12 digits.
        for match in re.finditer(version.content_hash, page):
            before = page[: match.start()]
            assert before.rfind("<details") > before.rfind("</details>"), url
        assert f"<code>{version.content_hash[:12]}…</code></summary>" in page
