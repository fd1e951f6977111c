"""A member requesting changes for a clinical error can take the pending text off the
public page until it is resubmitted ("not safe to show")."""

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.models import ArticleStatus
from review import services
from review.exceptions import ReviewRefused
from review.models import ReviewAssignment, ReviewEvent

NOTICE = "This answer is being revised after clinical review"


def _send_back(assignment, member, *, withhold=True):
    return services.review_decide(
        assignment=assignment,
        actor=member.user,
        decision="request_changes",
        comment="The dose is ten times too high.",
        withhold=withhold,
    )


def test_the_text_is_replaced_by_a_notice_until_resubmitted(client, assigned, member, editor):
    article = assigned.article
    url = article.get_absolute_url()
    assert "Some evidence." in client.get(url).text  # public while pending
    _send_back(assigned, member)
    article.refresh_from_db()
    assert article.status == ArticleStatus.CHANGES_REQUESTED and article.withheld_from_readers
    response = client.get(url)
    assert response.status_code == 200
    assert NOTICE in response.text
    assert "Some evidence." not in response.text and article.summary not in response.text
    event = ReviewEvent.objects.filter(article=article, kind="decided").get()
    assert "Withheld from readers: not safe to show." in event.message
    # Resubmitted: the (corrected) text is public again, with the caution banner.
    article_services.article_submit(article=article, actor=editor)
    article.refresh_from_db()
    assert not article.withheld_from_readers
    html = client.get(url).text
    assert NOTICE not in html and "Some evidence." in html


def test_a_plain_request_for_changes_keeps_the_text_public(client, assigned, member):
    _send_back(assigned, member, withhold=False)
    html = client.get(assigned.article.get_absolute_url()).text
    assert NOTICE not in html and "Some evidence." in html


def test_only_a_request_for_changes_can_withhold_and_a_refusal_changes_nothing(assigned, member):
    with pytest.raises(ReviewRefused) as refused:
        services.review_decide(
            assignment=assigned, actor=member.user, decision="approve", withhold=True
        )
    assert refused.value.message == (
        "Only a request for changes can take the text off the public page: choose "
        "“Request changes” to mark it not safe to show."
    )
    assert ReviewAssignment.objects.get(pk=assigned.pk).state == "pending"
    article = assigned.article
    article.refresh_from_db()
    assert article.status == ArticleStatus.UNDER_REVIEW and not article.withheld_from_readers


def test_the_decision_form_offers_it_and_the_view_records_it(client, assigned, member):
    from articles.substance import content_hash_of

    article = assigned.article
    client.force_login(member.user)
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert "Not safe to show readers (a clinical error)" in page
    client.post(
        reverse("review:decide", args=[assigned.pk]),
        {
            "decision": "request_changes",
            "comment": "Wrong dose.",
            "withhold": "on",
            "seen_content_hash": content_hash_of(article),
            "seen_version": article.text_version,
        },
    )
    article.refresh_from_db()
    assert article.withheld_from_readers
