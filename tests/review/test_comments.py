"""The review discussion: threads, quotes, resolving, and who may take part."""

import pytest

from review import services
from review.exceptions import ReviewForbidden, ReviewRefused
from review.models import EventKind
from review.selectors import comment_threads
from tests.review.helpers import edit


def test_threads_with_quotes_kept_across_versions(assigned, board_member, editor, admin_user):
    article = assigned.article
    root = services.comment_create(
        article=article,
        actor=board_member,
        body="Is this still first-line?",
        quote="recommended for empirical therapy",
    )
    reply = services.comment_create(
        article=article, actor=editor, body="Yes, per the 2023 guideline.", parent=root
    )
    nested = services.comment_create(article=article, actor=board_member, body="OK", parent=reply)
    assert nested.parent == root  # one level of threads
    edit(article, editor, body="Changed body.\n")
    [thread] = comment_threads(article)
    assert thread.root == root and thread.replies == [reply, nested]
    assert root.quote == "recommended for empirical therapy"
    assert root.history_id != article.history.first().history_id  # written on an older version
    assert article.review_events.filter(kind=EventKind.COMMENTED).count() == 3


def test_who_may_resolve(assigned, board_member, board_member2, editor2, member2):
    article = assigned.article
    root = services.comment_create(article=article, actor=board_member, body="Typo in line 2.")
    with pytest.raises(ReviewForbidden, match="Only the comment's author"):
        services.comment_resolve(comment=root, actor=board_member2)
    services.comment_resolve(comment=root, actor=editor2)  # editors resolve any thread
    root.refresh_from_db()
    assert root.is_resolved and root.resolved_by == editor2
    with pytest.raises(ReviewRefused, match="already resolved"):
        services.comment_resolve(comment=root, actor=board_member)
    services.comment_reopen(comment=root, actor=board_member)
    root.refresh_from_db()
    assert not root.is_resolved


def test_unrelated_people_cannot_comment(assigned, board_member2, member2, outsider):
    for actor in (board_member2, outsider):
        with pytest.raises(ReviewForbidden, match="cannot take part"):
            services.comment_create(article=assigned.article, actor=actor, body="Hello")
    assert not assigned.article.review_comments.exists()
