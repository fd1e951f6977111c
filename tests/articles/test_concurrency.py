"""Two connections race the same transition on PostgreSQL: exactly one wins."""

import threading

import pytest
from django.db import close_old_connections, connection

from articles import services
from articles.exceptions import ArticleError
from articles.models import Article, ArticleStatus, PublishedVersion, StateChange
from articles.substance import content_hash_of
from tests.articles.factories import ArticleFactory, UserFactory

pytestmark = [
    pytest.mark.integration,
    # serialized_rollback: the roles created by migrations survive the flush after each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(article_id, attempts):
    """Run every attempt in its own thread (own DB connection), released at the same time."""
    barrier = threading.Barrier(len(attempts))
    outcomes = [None] * len(attempts)

    def run(i, action):
        try:
            article = Article.objects.get(pk=article_id)  # both read the same state
            barrier.wait(timeout=10)
            action(article)
            outcomes[i] = "won"
        except ArticleError as error:  # the loser is told, whichever refusal it meets
            outcomes[i] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def start_review_as_the_review(article, member):
    with services.board_decision():  # each racing thread is its own review call
        return services.article_start_review(article=article, actor=member)


def test_two_reviewers_starting_the_same_review_exactly_one_wins():
    assert connection.vendor == "postgresql"
    editor = UserFactory(role="Editors")
    board = [UserFactory(role="Advisory Board") for _ in range(2)]
    article = ArticleFactory(author=editor)
    services.article_submit(article=article, actor=editor)

    outcomes = race(
        article.pk,
        [lambda a, m=m: start_review_as_the_review(a, m) for m in board],
    )
    assert outcomes.count("won") == 1
    [loser] = [o for o in outcomes if o != "won"]
    assert "changed meanwhile" in str(loser)
    assert StateChange.objects.filter(article=article, transition="start_review").count() == 1
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.UNDER_REVIEW


def test_withdraw_racing_the_boards_approval_exactly_one_wins():
    from review import services as review_services

    editor = UserFactory(role="Editors")
    member_user = UserFactory(role="Advisory Board")
    clerk = UserFactory(is_superuser=True)
    member = review_services.board_member_create(actor=clerk, user=member_user)
    article = ArticleFactory(author=editor)
    services.article_submit(article=article, actor=editor)
    assignment = review_services.review_assign(article=article, reviewer=member, actor=clerk)

    outcomes = race(
        article.pk,
        [
            lambda a: services.article_withdraw(article=a, actor=editor),
            lambda a: review_services.review_decide(
                assignment=assignment, actor=member_user, decision="approve"
            ),
        ],
    )
    assert outcomes.count("won") == 1
    final = Article.objects.get(pk=article.pk)
    published = final.published_versions.exists()
    # Either the approval won (published) or the withdrawal did (draft, nothing published).
    assert (final.status, published) in {
        (ArticleStatus.APPROVED, True),
        (ArticleStatus.DRAFT, False),
    }
    # submit, start_review (by the assignment), then the winner
    assert StateChange.objects.filter(article=article).count() == 3


def test_two_editors_saving_at_once_exactly_one_wins():
    editor, editor2 = UserFactory(role="Editors"), UserFactory(role="Editors")
    article = ArticleFactory(author=editor)
    outcomes = race(
        article.pk,
        [
            lambda a, who=who: services.article_update(
                article=a, actor=who, expected_lock_version=a.lock_version, body=f"Text by {who.pk}"
            )
            for who in (editor, editor2)
        ],
    )
    assert outcomes.count("won") == 1
    final = Article.objects.get(pk=article.pk)
    assert final.lock_version == 2
    assert final.history.count() == 2


def test_an_edit_racing_an_approval_never_publishes_text_no_member_approved():
    """The member approves what they saw; an editor's edit lands at the same time.

    Whichever wins the row lock, nothing is published unless its hash is the one the
    member was shown.
    """
    from review import services as review_services
    from review.models import ReviewAssignment

    editor = UserFactory(role="Editors")
    member_user = UserFactory(role="Advisory Board")
    clerk = UserFactory(is_superuser=True)
    member = review_services.board_member_create(actor=clerk, user=member_user)
    article = ArticleFactory(author=editor, body="Give 1 g daily.")
    services.article_submit(article=article, actor=editor)
    assignment = review_services.review_assign(article=article, reviewer=member, actor=clerk)
    article.refresh_from_db()
    seen_hash, seen_version = content_hash_of(article), article.text_version

    outcomes = race(
        article.pk,
        [
            lambda a: services.article_update(
                article=a,
                actor=editor,
                expected_lock_version=a.lock_version,
                body=a.body + "\n\nINSERTED: double the dose.",
            ),
            lambda a: review_services.review_decide(
                assignment=assignment,
                actor=member_user,
                decision="approve",
                claims_confirmed=True,  # "Give 1 g daily." is an uncited dosing claim
                seen_content_hash=seen_hash,
                seen_version=seen_version,
            ),
        ],
    )
    published = list(PublishedVersion.objects.filter(article=article))
    for version in published:  # the approval won: exactly the text the member saw
        assert version.content_hash == seen_hash
        assert "INSERTED" not in version.body
    if not published:  # the edit won: the approval was refused, nothing recorded
        assert "The text changed since you opened it" in str(outcomes[1])
        assert ReviewAssignment.objects.get(pk=assignment.pk).decision == ""
    else:  # the edit came after the approval: refused, the article is approved and frozen
        assert isinstance(outcomes[0], ArticleError)
