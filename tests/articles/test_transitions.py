"""Every role × every transition: allowed ones are recorded, refused ones change nothing."""

import pytest

from articles import services
from articles.exceptions import ActionForbidden, ArticleConflict, TransitionRefused
from articles.models import Article, ArticleStatus, StateChange
from tests.articles.factories import ArticleFactory, approve_through_board, article_in_state

S = ArticleStatus
# transition: (a state it starts from, the state it leads to)
TRANSITIONS = {
    "submit": (S.DRAFT, S.SUBMITTED),
    "withdraw": (S.SUBMITTED, S.DRAFT),
    "start_review": (S.SUBMITTED, S.UNDER_REVIEW),
    "request_changes": (S.UNDER_REVIEW, S.CHANGES_REQUESTED),
    "approve": (S.UNDER_REVIEW, S.APPROVED),
    "revise": (S.APPROVED, S.DRAFT),
    "archive": (S.APPROVED, S.ARCHIVED),
    "restore": (S.ARCHIVED, S.DRAFT),
}
ALLOWED = {
    "Editors": {"submit", "withdraw", "revise"},
    "Advisory Board": {"start_review", "request_changes", "approve"},
    "Admins": set(TRANSITIONS),
    None: set(),
}
MATRIX = [(role, name) for role in ALLOWED for name in TRANSITIONS]


def snapshot(article):
    article.refresh_from_db()
    return (
        article.status,
        article.lock_version,
        article.content_updated_at,
        article.history.count(),
        StateChange.objects.filter(article=article).count(),
        article.published_versions.count(),
    )


@pytest.fixture
def actors(editor, board_member, admin_user, outsider):
    return {
        "Editors": editor,
        "Advisory Board": board_member,
        "Admins": admin_user,
        None: outsider,
    }


@pytest.mark.parametrize(("role", "name"), MATRIX)
def test_permission_matrix(role, name, actors, editor2, board_member2, admin_user):
    source, target = TRANSITIONS[name]
    # Written by another editor, so that no board member is judging their own work.
    article = article_in_state(source, editor=editor2, board=board_member2, admin=admin_user)
    actor = actors[role]

    if name in ALLOWED[role] and name == "approve":
        # Approval happens through the board's review: an assignment and a decision.
        approve_through_board(article, actor)
        article.refresh_from_db()
        assert article.status == target
        change = article.state_changes.last()
        assert (change.transition, change.actor) == ("approve", actor)
        assert article.history.first().history_user == actor
    elif name in ALLOWED[role]:
        with services.board_decision():  # as the review takes the board's transitions
            services.article_apply_transition(
                article=article, actor=actor, transition=name, comment="because"
            )
        article.refresh_from_db()
        assert article.status == target
        change = article.state_changes.last()
        assert (change.transition, change.source, change.target) == (name, source, target)
        assert change.actor == actor
        assert change.comment == "because"
        record = article.history.first()
        assert record.history_user == actor
        assert record.history_change_reason == f"article.{name}: because"
        assert record.status == target
        assert change.history_id == record.history_id
    else:
        before = snapshot(article)
        with services.board_decision(), pytest.raises(ActionForbidden, match="Your role does not"):
            services.article_apply_transition(article=article, actor=actor, transition=name)
        assert snapshot(article) == before


@pytest.mark.parametrize("name", ["start_review", "request_changes", "approve"])
@pytest.mark.parametrize("who", ["board_member2", "admin_user"])
def test_board_decisions_only_through_the_review(name, who, request, editor2, board_member2):
    """Not the admin's buttons, not a script: the generic entry point and the service
    itself refuse a board transition outside the review's services, whoever asks."""
    source, _ = TRANSITIONS[name]
    article = article_in_state(source, editor=editor2, board=board_member2)
    actor = request.getfixturevalue(who)
    before = snapshot(article)
    expected = "recorded on the article's review page, through the review"
    with pytest.raises(ActionForbidden, match=expected):
        services.article_apply_transition(article=article, actor=actor, transition=name)
    service = services.TRANSITION_SERVICES[name]
    with pytest.raises(ActionForbidden, match=expected):
        service(article=article, actor=actor)
    assert snapshot(article) == before
    assert not services.action_check(article, name, actor)
    assert expected in services.action_check(article, name, actor).reason


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_wrong_state_is_refused_and_changes_nothing(name, editor, board_member, admin_user):
    source, _target = TRANSITIONS[name]
    wrong = S.ARCHIVED if source != S.ARCHIVED else S.DRAFT
    if name == "archive":
        wrong = S.ARCHIVED  # archive works from every other state
    article = article_in_state(wrong, editor=editor, board=board_member, admin=admin_user)
    before = snapshot(article)
    with (
        services.board_decision(),
        pytest.raises(TransitionRefused, match=f"it is {wrong.label.lower()}"),
    ):
        services.article_apply_transition(article=article, actor=admin_user, transition=name)
    assert snapshot(article) == before


def test_submit_needs_title_and_body(editor):
    article = ArticleFactory(author=editor, body="   ")
    before = snapshot(article)
    with pytest.raises(TransitionRefused, match="needs a question \\(title\\) and a body"):
        services.article_submit(article=article, actor=editor)
    assert snapshot(article) == before


@pytest.mark.parametrize("name", ["start_review", "approve", "request_changes"])
def test_board_member_never_judges_own_article(name, board_member, editor, admin_user):
    """Even a board member who also writes may not review what they wrote."""
    source, _ = TRANSITIONS[name]
    article = article_in_state(source, editor=editor, board=board_member, admin=admin_user)
    article.author = admin_user  # an admin (who may also approve) wrote this one
    article.save()
    before = snapshot(article)
    with services.board_decision(), pytest.raises(ActionForbidden, match="You wrote this article"):
        services.article_apply_transition(article=article, actor=admin_user, transition=name)
    assert snapshot(article) == before


def test_unknown_transition_is_refused(editor):
    article = ArticleFactory(author=editor)
    with pytest.raises(Exception, match="There is no action called “delete”"):
        services.article_apply_transition(article=article, actor=editor, transition="delete")


def test_stale_instance_loses_with_a_clear_message(editor, board_member):
    """Two people act on the same article from pages loaded at the same time."""
    article = article_in_state(S.SUBMITTED, editor=editor, board=board_member)
    first_view = Article.objects.get(pk=article.pk)
    second_view = Article.objects.get(pk=article.pk)
    with services.board_decision():
        services.article_start_review(article=first_view, actor=board_member)
    before = snapshot(article)
    with pytest.raises(ArticleConflict, match="changed meanwhile: it is now under review"):
        services.article_withdraw(article=second_view, actor=editor)
    assert snapshot(article) == before


def test_concurrent_transition_mixin_refuses_a_stale_raw_save(editor, board_member):
    """Belt and braces: even a save that skips the services cannot overwrite a newer state."""
    import django_fsm
    from django.db import transaction

    article = article_in_state(S.SUBMITTED, editor=editor, board=board_member)
    stale = Article.objects.get(pk=article.pk)
    services.article_withdraw(article=article, actor=editor)
    stale.start_review()
    with pytest.raises(django_fsm.ConcurrentTransition), transaction.atomic():
        stale.save()
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_full_workflow_including_changes_requested_and_resubmission(
    editor, board_member, admin_user
):
    article = ArticleFactory(author=editor)
    steps = [
        ("submit", editor),
        ("start_review", board_member),
        ("request_changes", board_member),
        ("submit", editor),
        ("start_review", board_member),
        ("approve", board_member),
        ("revise", editor),
        ("archive", admin_user),
        ("restore", admin_user),
    ]
    for name, actor in steps:
        if name == "approve":
            approve_through_board(article, actor)
        else:
            with services.board_decision():
                services.article_apply_transition(article=article, actor=actor, transition=name)
        article.refresh_from_db()
    trail = list(article.state_changes.values_list("source", "target"))
    assert trail == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.CHANGES_REQUESTED),
        (S.CHANGES_REQUESTED, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.APPROVED),
        (S.APPROVED, S.DRAFT),
        (S.DRAFT, S.ARCHIVED),
        (S.ARCHIVED, S.DRAFT),
    ]


def test_status_cannot_be_assigned_directly(editor):
    article = ArticleFactory(author=editor)
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        article.status = S.APPROVED


def test_approval_needs_the_board_even_for_admins(editor, board_member, admin_user):
    """No caller approves around the board: even inside the review, the quorum of the
    current text is checked."""
    article = article_in_state(S.UNDER_REVIEW, editor=editor, board=board_member)
    before = snapshot(article)
    with (
        services.board_decision(),
        pytest.raises(TransitionRefused, match="Cannot approve: the board has approved"),
    ):
        services.article_approve(article=article, actor=admin_user)
    assert snapshot(article) == before
