"""Fixtures for the review tests: board member profiles and articles in review."""

import pytest

from articles.models import ArticleStatus
from review import services
from tests.articles.factories import ArticleFactory, article_in_state
from tests.review.factories import BoardMemberFactory


@pytest.fixture
def member(board_member):
    return BoardMemberFactory(user=board_member, display_name="Jane Roe", credentials="MD, FACP")


@pytest.fixture
def member2(board_member2):
    return BoardMemberFactory(user=board_member2, display_name="Sam Smith", credentials="MD, PhD")


@pytest.fixture
def submitted(editor, board_member):
    return article_in_state(ArticleStatus.SUBMITTED, editor=editor, board=board_member)


@pytest.fixture
def draft(editor):
    return ArticleFactory(author=editor)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a block and then its on-commit callbacks (signals, emails), as a request would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def assigned(submitted, member, admin_user, run_on_commit):
    """``submitted`` with ``member`` assigned by an admin: the article is under review."""
    assignment = run_on_commit(
        services.review_assign, article=submitted, reviewer=member, actor=admin_user
    )
    submitted.refresh_from_db()
    assignment.article = submitted
    return assignment
