"""Approval re-checks the markers: one broken during the review refuses the approval."""

import pytest

from articles.exceptions import ArticleError
from articles.models import ArticleStatus
from review import services as review_services
from tests.review.helpers import edit


def test_approval_refuses_a_malformed_marker_added_during_the_review(assigned, editor, member):
    article = assigned.article
    edit(article, editor, body=article.body + "\n\nAdded later [@ mallick2004].")
    assigned.refresh_from_db()
    with pytest.raises(ArticleError) as refused:
        review_services.review_decide(assignment=assigned, actor=member.user, decision="approve")
    assert "malformed citation marker '[@ mallick2004]'" in refused.value.message
    article.refresh_from_db()
    assert article.status == ArticleStatus.UNDER_REVIEW
    assert not article.published_versions.exists()
