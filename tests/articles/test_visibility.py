"""What readers see, defined once (``articles.visibility``), and every staff screen that
names it: the admin's "View on site" and "Live version", and the review page."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from articles import services as article_services
from articles import visibility
from review import services as review_services
from tests.readers.helpers import approve, clerk, member_for

T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def _view_on_site(client, article) -> str:
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    match = re.search(r'<a href="([^"]+)" class="viewsitelink"', page)
    assert match, "the change page has a View on site link"
    return match.group(1)


def _embargoed_first_approval(editor, board_member):
    article = article_services.article_create(
        actor=editor,
        title="What is embargoed?",
        body="Embargoed text.\n",
        release_at=T0 + dt.timedelta(days=1),
    )
    article_services.article_submit(article=article, actor=editor)
    approve(article, board_member)
    return article


def _sent_back(editor, board_member):
    article = article_services.article_create(
        actor=editor, title="What was sent back?", body="Text the board sent back.\n"
    )
    article_services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    assignment = review_services.review_assign(
        article=article, reviewer=member_for(board_member), actor=clerk()
    )
    review_services.review_decide(
        assignment=assignment, actor=board_member, decision="request_changes", comment="Fix it."
    )
    article.refresh_from_db()
    return article


def test_an_embargoed_only_approval_is_not_public_and_staff_are_told_when_it_goes_live(
    client, editor, board_member, admin_user
):
    with time_machine.travel(T0, tick=False):
        article = _embargoed_first_approval(editor, board_member)
        assert article.status == "approved"
        assert not visibility.is_public(article)
        assert visibility.live_version(article) is None
        assert visibility.latest_approval(article) is not None
        assert client.get(article.get_absolute_url()).status_code == 404

        client.force_login(admin_user)
        # No link to a page that answers 404: the staff preview instead.
        assert _view_on_site(client, article) == reverse("review:preview", args=[article.pk])
        change = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
        assert "None live yet." in change
        assert "is approved and goes live at 2026-03-03 10:00" in change

        review = client.get(reverse("review:article", args=[article.pk])).text
        assert "Readers see this approved version" not in review
        assert "Embargoed:</strong> it goes live at 2026-03-03 10:00" in review
        assert "nothing yet: the article is not public." in review

    with time_machine.travel(T0 + dt.timedelta(days=1, minutes=1), tick=False):
        article_services.publishing_schedule_run()
        assert visibility.is_public(article)
        client.force_login(admin_user)  # a day later the staff session has expired
        assert _view_on_site(client, article) == article.get_absolute_url()
        review = client.get(reverse("review:article", args=[article.pk])).text
        assert "Readers see this approved version" in review


def test_a_sent_back_article_readers_still_see_links_to_its_public_page(
    client, editor, board_member, admin_user
):
    article = _sent_back(editor, board_member)
    assert article.status == "changes_requested"
    assert client.get(article.get_absolute_url()).status_code == 200
    client.force_login(admin_user)
    assert _view_on_site(client, article) == article.get_absolute_url()
    review = client.get(reverse("review:article", args=[article.pk])).text
    assert "the submitted text, with a caution banner (not yet approved)." in review


def test_with_pending_articles_hidden_staff_get_the_preview_not_a_404(
    client, editor, board_member, admin_user, settings
):
    settings.ARTICLES_SHOW_PENDING = False
    article = _sent_back(editor, board_member)
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    assert _view_on_site(client, article) == reverse("review:preview", args=[article.pk])
    review = client.get(reverse("review:article", args=[article.pk])).text
    assert "nothing yet: the article is not public." in review
