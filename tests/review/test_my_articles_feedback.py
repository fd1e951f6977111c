""" "My articles" shows what the board said, and when readers see an approved version."""

from django.urls import reverse

from articles import services as article_services
from articles.models import ArticleStatus
from review import services
from review.models import ReviewAssignment
from tests.readers.helpers import approved_article


def test_a_request_for_changes_shows_the_members_comment(client, editor, assigned, member):
    services.review_decide(
        assignment=assigned,
        actor=member.user,
        decision="request_changes",
        comment="Give the paediatric dose per kilogram.",
    )
    client.force_login(editor)
    page = client.get(reverse("review:my_articles")).content.decode()
    assert "The board asked for changes: revise and submit again." in page
    assert "Jane Roe asked:" in page
    assert "“Give the paediatric dose per kilogram.”" in page
    url = reverse("review:article", args=[assigned.article_id])
    assert f'<a href="{url}#discussion">Read the review</a>' in page


def test_only_the_latest_round_of_feedback_is_shown(client, editor, assigned, member):
    article = assigned.article
    services.review_decide(
        assignment=assigned, actor=member.user, decision="request_changes", comment="Old point."
    )
    article.refresh_from_db()
    article_services.article_submit(article=article, actor=editor)
    again = ReviewAssignment.objects.get(article=article, state="pending")  # asked again
    services.review_decide(
        assignment=again, actor=member.user, decision="request_changes", comment="New point."
    )
    client.force_login(editor)
    page = client.get(reverse("review:my_articles")).content.decode()
    assert "“New point.”" in page and "Old point." not in page


def test_a_revision_of_a_live_article_says_readers_see_the_approved_version(
    client, editor, board_member
):
    article = approved_article(editor, board_member)
    reference = article.published_versions.get().approval_reference
    article_services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    client.force_login(editor)
    page = client.get(reverse("review:my_articles")).content.decode()
    assert (
        f"Revision in progress: readers see the approved version {reference} until this "
        "revision is approved." in page
    )
    assert "Finish and submit for review" in page


def test_a_first_draft_says_nothing_about_readers(client, editor, draft):
    client.force_login(editor)
    page = client.get(reverse("review:my_articles")).content.decode()
    assert "Finish and submit for review." in page
    assert "readers see" not in page
