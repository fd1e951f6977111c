"""Review policies add to the quorum; approval is refused, naming what is missing."""

import pytest
from django.test import Client

from articles.models import ArticleStatus, Audience
from review import selectors, services
from review.models import ReviewEvent
from safety.models import ReviewPolicy
from safety.routing import matched_policies
from tests.articles.factories import ArticleFactory, article_in_state
from tests.review.helpers import edit

from .conftest import DOSING_BODY

S = ArticleStatus


def _submitted(editor, board_member, body=DOSING_BODY, **kwargs):
    return article_in_state(S.SUBMITTED, editor=editor, board=board_member, body=body, **kwargs)


def test_dosing_rule_matches_and_says_why(editor, dosing_policy):
    article = ArticleFactory(author=editor, body="Intro.\n\n" + DOSING_BODY)
    [match] = matched_policies(article)
    assert match.policy == dosing_policy
    assert match.explanation == "dosing or regimen claims in paragraph 2"
    assert match.requirement.summary == "one approval from Clinical pharmacology or Pharmacist"


def test_dosing_rule_does_not_match_without_dosing(editor, dosing_policy):
    article = ArticleFactory(author=editor, body="Psoas myositis is rare.\n")
    assert matched_policies(article) == []
    assert selectors.quorum_status(article).requirements == []


def test_topic_and_audience_conditions(editor, paediatrics):
    policy = ReviewPolicy.objects.create(
        name="Children", required_approvals=2, audience=Audience.PATIENT
    )
    policy.topics.add(paediatrics)
    article = ArticleFactory(author=editor, audience=Audience.PATIENT)
    assert matched_policies(article) == []  # no topic yet
    article.topics.add(paediatrics)
    [match] = matched_policies(article)
    assert match.explanation == "topic Paediatrics; audience Patients"
    article.audience = Audience.CLINICIAN
    assert matched_policies(article) == []
    policy.is_active = False
    policy.save()
    article.audience = Audience.PATIENT
    assert matched_policies(article) == []  # switched off


def test_approval_without_the_specialty_is_refused_naming_what_is_missing(
    editor, board_member, generalist, dosing_policy, assign
):
    article = _submitted(editor, board_member)
    assignment = assign(article, generalist)
    services.review_decide(
        assignment=assignment, actor=generalist.user, decision="approve", evidence_checked=True
    )
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW  # recorded, but nothing published
    assert article.published_versions.count() == 0
    assert selectors.quorum_problems(article) == [
        "no approval of the current text yet from a member with the specialty Clinical "
        "pharmacology or Pharmacist (review policy “Dosing needs a pharmacist”: dosing or "
        "regimen claims in paragraph 1)"
    ]
    decided = ReviewEvent.objects.filter(article=article, kind="decided").last()
    assert "Requirements in force: 1 approval of the current text, one from Clinical " in (
        decided.message
    )
    assert "Not yet met: no approval of the current text yet" in decided.message


def test_approval_with_the_specialty_satisfies_and_publishes(
    editor, board_member, generalist, pharmacist, dosing_policy, assign
):
    article = _submitted(editor, board_member)
    first = assign(article, generalist)
    second = assign(article, pharmacist)
    services.review_decide(
        assignment=first, actor=generalist.user, decision="approve", evidence_checked=True
    )
    services.review_decide(
        assignment=second, actor=pharmacist.user, decision="approve", evidence_checked=True
    )
    article.refresh_from_db()
    assert article.status == S.APPROVED
    version = article.published_versions.first()
    assert [r["specialties"] for r in version.reviewers] == [
        ["General practice"],
        ["Clinical pharmacology"],
    ]
    reader_page = Client().get(article.get_absolute_url()).content.decode()
    assert "Sam Smith, MD, FACP (Clinical pharmacology)" in reader_page
    published = ReviewEvent.objects.get(article=article, kind="published")
    assert "Requirements in force: 1 approval of the current text, one from Clinical" in (
        published.message
    )


def test_a_rule_requiring_more_approvals_is_not_satisfied_by_one(
    editor, board_member, generalist, assign
):
    ReviewPolicy.objects.create(name="High risk", on_statistics=True, required_approvals=2)
    article = _submitted(editor, board_member, body="Mortality is 20%.[@a]\n")
    services.review_decide(
        assignment=assign(article, generalist),
        actor=generalist.user,
        decision="approve",
        evidence_checked=True,
    )
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW
    assert selectors.quorum_problems(article) == [
        "the board has approved the current text 1 of 2 required times (review policy “High "
        "risk”: statistic claims in paragraph 1)"
    ]


def test_an_edit_adding_dosing_adds_the_requirement_and_earlier_approvals_do_not_satisfy(
    editor, board_member, admin_user, generalist, member2_generalist, dosing_policy, assign
):
    article = _submitted(editor, board_member, body="Psoas myositis is rare.\n")
    services.review_set_quorum(article=article, actor=admin_user, required_approvals=2)
    services.review_decide(
        assignment=assign(article, generalist),
        actor=generalist.user,
        decision="approve",
        evidence_checked=True,
    )
    assert selectors.quorum_status(article).requirements == []
    edit(article, editor, body="Psoas myositis is rare.\n\n" + DOSING_BODY)
    article.refresh_from_db()
    status = selectors.quorum_status(article)
    assert [r.specialty_label for r in status.requirements] == [
        "Clinical pharmacology or Pharmacist"
    ]
    # Both members approve the new text: two approvals, still no pharmacist.
    for member in (generalist, member2_generalist):
        pending = article.assignments.filter(reviewer=member, state="pending").first()
        assignment = pending or assign(article, member)
        services.review_decide(
            assignment=assignment, actor=member.user, decision="approve", evidence_checked=True
        )
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW
    assert len(selectors.quorum_problems(article)) == 1


@pytest.fixture
def member2_generalist(editor2):
    from django.contrib.auth.models import Group

    from tests.review.factories import BoardMemberFactory

    editor2.groups.set([Group.objects.get(name="Advisory Board")])
    return BoardMemberFactory(user=editor2, display_name="Ed Writer", specialties="Rheumatology")


def test_assign_suggestions_list_eligible_members_with_their_workload(
    editor, board_member, generalist, pharmacist, dosing_policy
):
    article = _submitted(editor, board_member)
    [suggestion] = selectors.assignment_suggestions(article)
    assert [(m.display_name, m.open_assignments) for m in suggestion.members] == [("Sam Smith", 0)]


def test_assign_suggestions_warn_when_nobody_can(editor, board_member, generalist, dosing_policy):
    article = _submitted(editor, board_member)
    [suggestion] = selectors.assignment_suggestions(article)
    assert suggestion.members == []


def test_nobody_approves_around_the_requirement(
    editor, board_member, generalist, dosing_policy, assign
):
    """The article service's own approve check asks the review, which asks the policies."""
    from articles import services as article_services
    from articles.exceptions import TransitionRefused

    article = _submitted(editor, board_member)
    services.review_decide(
        assignment=assign(article, generalist),
        actor=generalist.user,
        decision="approve",
        evidence_checked=True,
    )
    article.refresh_from_db()
    with (
        article_services.board_decision(),
        pytest.raises(TransitionRefused, match="Cannot approve: no approval of the current"),
    ):
        article_services.article_approve(article=article, actor=generalist.user)
    article.refresh_from_db()
    assert article.status == S.UNDER_REVIEW
    assert article.published_versions.count() == 0


def test_switching_a_policy_off_removes_its_requirement(
    editor, board_member, generalist, dosing_policy, assign
):
    article = _submitted(editor, board_member)
    services.review_decide(
        assignment=assign(article, generalist),
        actor=generalist.user,
        decision="approve",
        evidence_checked=True,
    )
    dosing_policy.is_active = False
    dosing_policy.save()
    article.refresh_from_db()
    assert selectors.quorum_problems(article) == []  # the next approval check passes
