"""The assign form: each error once, in words, and "already assigned" said as such."""

import datetime

from django.urls import reverse
from django.utils import timezone

from review.models import ReviewAssignment


def assign(client, article, **data):
    return client.post(reverse("review:assign", args=[article.pk]), data, follow=True)


def test_a_past_due_date_is_said_once_without_the_field_name(client, submitted, member, admin_user):
    client.force_login(admin_user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = assign(client, submitted, reviewer=member.pk, due_date=yesterday.isoformat())
    page = response.content.decode()
    assert page.count("The due date is in the past.") == 1
    assert "due_date:" not in page
    assert not ReviewAssignment.objects.filter(article=submitted).exists()


def test_assigning_an_assigned_reviewer_again_says_already_assigned(client, assigned, admin_user):
    client.force_login(admin_user)
    article = assigned.article
    response = assign(client, article, reviewer=assigned.reviewer.pk)
    page = response.content.decode()
    assert "Select a valid choice" not in page
    assert f"{assigned.reviewer.display_name} is already assigned to this article" in page
    assert ReviewAssignment.objects.filter(article=article).count() == 1


def test_an_unknown_reviewer_is_still_refused(client, submitted, admin_user):
    client.force_login(admin_user)
    page = assign(client, submitted, reviewer=987654).content.decode()
    assert "Select a valid choice" in page
    assert not ReviewAssignment.objects.filter(article=submitted).exists()


def test_the_author_is_told_why_and_offered_no_assign_anywhere(
    client, submitted, editor, editor2, board_member, member
):
    """The review's one assign rule (the author never chooses their own reviewers) is what
    the assign page says, what the dashboard offers and what the service refuses."""
    from tests.articles.factories import article_in_state

    other = article_in_state("submitted", editor=editor2, board=board_member)
    client.force_login(editor)  # wrote ``submitted``, not ``other``
    page = client.get(reverse("review:assign", args=[submitted.pk])).content.decode()
    assert (
        "You wrote this article, so another editor or an admin must choose its reviewers." in page
    )
    assert 'name="reviewer"' not in page
    dashboard = client.get(reverse("review:dashboard")).content.decode()
    assert reverse("review:assign", args=[other.pk]) in dashboard
    assert reverse("review:assign", args=[submitted.pk]) not in dashboard
    response = assign(client, submitted, reviewer=member.pk)  # a forged form
    assert response.status_code == 403
    assert not ReviewAssignment.objects.filter(article=submitted).exists()


def test_an_article_that_cannot_take_reviewers_says_its_state(client, draft, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("review:assign", args=[draft.pk])).content.decode()
    assert "Cannot assign a reviewer: the article is draft" in page
    assert "Submit it first." in page
    assert 'name="reviewer"' not in page
