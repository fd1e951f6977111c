"""Every public and staff page costs the same number of queries at 5 and at 50 articles.

The articles are made through the services (approved ones cite references; a few are
submitted, under review or drafts), flagged by the stale scan and reported by readers, so
each list has rows to show; then the site grows tenfold and every page is asked again.
bench/scale.py measures the same pages at 1,000 and 100,000 articles on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import services as article_services
from articles.models import Article
from freshness.scan import stale_scan
from readers import services as reader_services
from references.data import Kind
from tests.readers.helpers import approve, approved_article, clerk, member_for
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


def _grow(total: int, *, editor, board_user) -> None:
    """Articles up to ``total``: four in five approved, the rest pending or drafts."""
    have = Article.objects.count()
    for i in range(have, total):
        if i % 5 == 4:
            article = article_services.article_create(
                actor=editor, title=f"Pending question {i}?", body="Text.\n"
            )
            if i % 10 == 4:
                article_services.article_submit(article=article, actor=editor)
            continue
        article = approved_article(
            editor, board_user, n_refs=2, prefix=f"r{i}-", title=f"Question {i} on myositis?"
        )
        if i % 3 == 0:  # an old guideline: flagged by the scan
            guideline = ReferenceFactory(key=f"g{i}", kind=Kind.GUIDELINE, year=2001)
            article_services.article_revise(article=article, actor=editor)
            article.refresh_from_db()
            article_services.article_update(
                article=article,
                actor=editor,
                expected_lock_version=article.lock_version,
                body=article.body + f"\nOld guidance [@{guideline.key}].\n",
            )
            article.refresh_from_db()
            article_services.article_submit(
                article=article, actor=editor, change_kind="update", change_note="Guideline."
            )
            approve(article, board_user)
        reader_services.feedback_submit(
            article=article,
            kind="typo",
            message=f"A typo in paragraph {i}.",
            client=f"10.0.{i // 200}.{i % 200}",
        )
    stale_scan()


def _counts(pages: dict) -> dict[str, int]:
    out = {}
    for label, (client, url) in pages.items():
        client.get(url)  # the first request warms per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        out[label] = len(captured)
    return out


def test_no_page_costs_more_queries_with_ten_times_the_articles(
    client, editor, board_member, settings
):
    settings.READERS_CACHE_SECONDS = 0  # the pages as a first visitor's request builds them
    member_for(board_member)
    admin = clerk()
    _grow(5, editor=editor, board_user=board_member)
    forty = article_services.article_create(actor=editor, title="Forty?", body="v1\n")
    for n in range(8):
        forty.refresh_from_db()
        article_services.article_update(
            article=forty,
            actor=editor,
            expected_lock_version=forty.lock_version,
            body=f"v{n + 2}\n",
        )
    slug = Article.objects.filter(status="approved").order_by("pk").values_list("slug", flat=True)
    newest_pk = Article.objects.filter(status="approved").order_by("pk").last().pk
    staff, member, writer = (
        client.__class__(),
        client.__class__(),
        client.__class__(),
    )
    staff.force_login(admin)
    member.force_login(board_member)
    writer.force_login(editor)
    anonymous = client
    pages = {
        "home": (anonymous, "/"),
        "home, page 2": (anonymous, "/?page=2"),
        "home, older by key": (anonymous, f"/?page=2&after={newest_pk}"),
        "search, 1 word": (anonymous, "/?q=myositis"),
        "search, 2 words": (anonymous, "/?q=myositis+question"),
        "article": (anonymous, f"/articles/{slug[0]}/"),
        "board": (anonymous, "/advisory-board/"),
        "board member": (anonymous, f"/advisory-board/{board_member.board_member.pk}/"),
        "sitemap index": (anonymous, "/sitemap.xml"),
        "sitemap page": (anonymous, "/sitemap-articles.xml"),
        "admin articles": (staff, "/admin/articles/article/"),
        "admin articles, approved": (staff, "/admin/articles/article/?status__exact=approved"),
        "admin articles, search": (staff, "/admin/articles/article/?q=myositis"),
        "admin article with versions": (staff, f"/admin/articles/article/{forty.pk}/change/"),
        "admin references": (staff, "/admin/references/reference/"),
        "admin references, cited": (staff, "/admin/references/reference/?cited=yes"),
        "admin references, search": (staff, "/admin/references/reference/?q=r1"),
        "dashboard": (staff, "/editorial/"),
        "my articles": (writer, "/editorial/my-articles/"),
        "my reviews": (member, "/editorial/my-reviews/"),
        "attention queue": (writer, "/editorial/attention/"),
        "reader-feedback inbox": (writer, "/reader-feedback/"),
    }
    small = _counts(pages)
    _grow(50, editor=editor, board_user=board_member)
    for n in range(8, 38):  # the article with versions: 40 versions now
        forty.refresh_from_db()
        article_services.article_update(
            article=forty,
            actor=editor,
            expected_lock_version=forty.lock_version,
            body=f"v{n + 2}\n",
        )
    large = _counts(pages)
    grew = {label: (small[label], large[label]) for label in pages if large[label] > small[label]}
    assert not grew, f"queries at 5 → 50 articles: {grew}"
    # The lists did grow: the sitemap page names every approved article.
    assert anonymous.get("/sitemap-articles.xml").text.count("<url>") == len(slug) >= 35
