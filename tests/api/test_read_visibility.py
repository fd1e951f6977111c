"""The read API shows exactly what the public pages show (``articles.visibility``): drafts,
embargoed versions and archived articles never leak; a sent-back article shows its last
submitted text; a revision in progress leaves the approved text in place."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings

from articles import services as article_services
from tests.readers.helpers import approve, approved_article, clerk, member_for

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def listed(client, **params) -> list[str]:
    response = client.get("/api/v1/articles", params)
    assert response.status_code == 200
    return [item["slug"] for item in response.json()["items"]]


def everything_said(client) -> str:
    """Every read response's text, to check a secret is in none of them."""
    texts = [client.get(path).content.decode() for path in (
        "/api/v1/articles", "/api/v1/board", "/api/v1/editorial-policy")]  # fmt: skip
    for slug in listed(client):
        texts.append(client.get(f"/api/v1/articles/{slug}").content.decode())
    return "\n".join(texts)


def test_a_draft_is_neither_listed_nor_found(client, editor):
    draft = article_services.article_create(
        actor=editor, title="A secret draft?", body="Secret draft text.\n"
    )
    assert draft.slug not in listed(client)
    response = client.get(f"/api/v1/articles/{draft.slug}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "Secret draft" not in everything_said(client)


def test_an_embargoed_approval_is_not_public_until_released(
    client, editor, board_member, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        article = article_services.article_create(
            actor=editor,
            title="What is embargoed?",
            body="Embargoed text.\n",
            release_at=T0 + dt.timedelta(days=1),
        )
        article_services.article_submit(article=article, actor=editor)
        approve(article, board_member)
        assert article.slug not in listed(client)
        assert client.get(f"/api/v1/articles/{article.slug}").status_code == 404
    with time_machine.travel(T0 + dt.timedelta(days=1, minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # the cache generation moves
            article_services.publishing_schedule_run()
        assert listed(client) == [article.slug]
        assert client.get(f"/api/v1/articles/{article.slug}").json()["body_text"] == (
            "Embargoed text."
        )


def test_an_embargoed_revision_leaves_the_live_version_in_place(client, editor, board_member):
    with time_machine.travel(T0, tick=False):
        article = approved_article(editor, board_member, n_refs=0, body="Live text.\n")
        article_services.article_revise(article=article, actor=editor)
        article.refresh_from_db()
        article = article_services.article_update(
            article=article,
            actor=editor,
            expected_lock_version=article.lock_version,
            body="Embargoed revision.\n",
            release_at=T0 + dt.timedelta(days=2),
        )
        article_services.article_submit(
            article=article, actor=editor, change_kind="update", change_note="New text."
        )
        approve(article, board_member)
        data = client.get(f"/api/v1/articles/{article.slug}").json()
        assert data["body_text"] == "Live text."
        assert len(data["history"]) == 1
        # "Last reviewed" stays the live version's, in the list as on the page.
        item = client.get("/api/v1/articles").json()["items"][0]
        assert item["last_reviewed"] == data["last_reviewed"] == "2026-03-02T10:00:00Z"
        assert "Embargoed revision" not in everything_said(client)


def test_an_archived_article_is_gone(client, editor, board_member, admin_user):
    article = approved_article(editor, board_member)
    article_services.article_archive(article=article, actor=admin_user, comment="Superseded")
    assert article.slug not in listed(client)
    response = client.get(f"/api/v1/articles/{article.slug}")
    assert response.status_code == 410
    assert "withdrawn" in response.json()["detail"]


def test_a_revision_in_progress_shows_the_approved_text(client, editor, board_member):
    article = approved_article(editor, board_member, n_refs=0, body="Approved text.\n")
    article_services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        title="Working title?",
        body="Work in progress.\n",
    )
    item = client.get("/api/v1/articles").json()["items"][0]
    assert item["title"] == "What is the treatment for psoas myositis?"
    assert item["review_status"] == "approved"
    data = client.get(f"/api/v1/articles/{article.slug}").json()
    assert data["body_text"] == "Approved text."
    assert "Work in progress" not in everything_said(client)
    assert "Working title" not in everything_said(client)


def test_a_sent_back_article_shows_its_last_submitted_text(client, editor, board_member):
    article = article_services.article_create(
        actor=editor, title="What was sent back?", body="Submitted text.\n"
    )
    article_services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    from review import services as review_services

    assignment = review_services.review_assign(
        article=article, reviewer=member_for(board_member), actor=clerk()
    )
    review_services.review_decide(
        assignment=assignment, actor=board_member, decision="request_changes", comment="Fix."
    )
    article.refresh_from_db()
    article_services.article_update(
        article=article,
        actor=editor,
        expected_lock_version=article.lock_version,
        title="Editors' new title?",
        body="Editors are rewriting this.\n",
    )
    item = client.get("/api/v1/articles").json()["items"][0]
    assert (item["title"], item["review_status"], item["review_step"]) == (
        "What was sent back?",
        "under_review",
        "Under Review",
    )
    data = client.get(f"/api/v1/articles/{article.slug}").json()
    assert data["body_text"] == "Submitted text."
    assert data["review"]["pending_notice"] is True
    assert data["approvers"] == []
    assert "rewriting" not in everything_said(client)
    assert client.get("/api/v1/articles", {"status": "under_review"}).json()["items"]


def test_pending_articles_are_hidden_when_the_site_hides_them(client, editor):
    article = article_services.article_create(actor=editor, title="Pending?", body="Text.\n")
    article_services.article_submit(article=article, actor=editor)
    assert listed(client, status="submitted") == [article.slug]
    with override_settings(ARTICLES_SHOW_PENDING=False):
        cache.clear()  # a change of settings comes with a restart; the cache is not the subject
        assert listed(client) == []
        assert client.get(f"/api/v1/articles/{article.slug}").status_code == 404
