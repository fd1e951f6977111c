"""Each role's home after signing in, the workspace navigation, and the admin's way back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleStatus
from review import services
from tests.accounts.signing_in import sign_in_through_forms
from tests.articles.factories import ArticleFactory, article_in_state

S = ArticleStatus


def sign_in(client, user, **extra):
    """Through the admin's login form, as a person does (with the authenticator's code
    when the role asks for one); returns the final response."""
    return sign_in_through_forms(client, user, **extra)


def test_a_board_member_lands_on_my_reviews_soonest_due_first(
    client, editor, board_member, member, admin_user, run_on_commit
):
    later = article_in_state(S.SUBMITTED, editor=editor, board=board_member, title="Later?")
    sooner = article_in_state(S.SUBMITTED, editor=editor, board=board_member, title="Sooner?")
    today = timezone.localdate()
    for article, days in [(later, 20), (sooner, 3)]:
        run_on_commit(
            services.review_assign,
            article=article,
            reviewer=member,
            actor=admin_user,
            due_date=today + datetime.timedelta(days=days),
        )
    response = sign_in(client, board_member)
    assert response.redirect_chain[-1][0] == reverse("review:my_reviews")
    page = response.content.decode()
    assert page.index("Sooner?") < page.index("Later?")
    assert reverse("review:article", args=[sooner.pk]) in page


def test_an_editor_lands_on_their_articles_by_state_with_what_they_need(
    client, editor, board_member, admin_user
):
    ArticleFactory(author=editor, title="A draft?")
    back = article_in_state(S.CHANGES_REQUESTED, editor=editor, board=board_member, title="Back?")
    services.comment_create(article=back, actor=admin_user, body="Cite the dose.")
    response = sign_in(client, editor)
    assert response.redirect_chain[-1][0] == reverse("review:my_articles")
    page = response.content.decode()
    assert page.index("Changes requested") < page.index("Draft")  # what needs them first
    assert "The board asked for changes: revise and submit again; 1 open comment thread" in page
    assert "Finish and submit for review." in page


def test_an_admin_lands_on_the_dashboard(client, admin_user):
    admin_user.set_password("pw")
    admin_user.save()
    response = sign_in(client, admin_user)
    assert response.redirect_chain[-1][0] == reverse("review:dashboard")


def test_an_explicit_next_is_kept(client, editor):
    response = sign_in(client, editor, query="?next=/admin/", next="/admin/")
    assert response.redirect_chain[-1][0] == "/admin/"


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("board_member", ["Dashboard", "My reviews", "Admin"], ["My articles"]),
        ("editor", ["Dashboard", "My articles", "Admin"], ["My reviews"]),
    ],
)
def test_the_navigation_bar_offers_each_place_and_a_sign_out(
    client, request, member, who, shown, hidden
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("review:dashboard"))
    nav = response.content.decode().split('<nav class="editorial"')[1].split("</nav>")[0]
    for label in shown:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav
    assert f'action="{reverse("admin:logout")}"' in nav and "Log out" in nav
    assert 'aria-current="page">Dashboard' in nav


def test_the_attention_queue_is_linked_only_when_it_exists(client, editor, settings):
    client.force_login(editor)
    page = client.get(reverse("review:dashboard")).content.decode()
    assert ("Attention queue" in page) == _resolves("freshness:attention")


def _resolves(name):
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_sign_out_from_the_workspace(client, editor):
    client.force_login(editor)
    client.post(reverse("admin:logout"))
    assert client.get(reverse("review:dashboard")).status_code == 302


def test_the_admin_leads_to_the_workspace(client, board_member, member):
    client.force_login(board_member)
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("review:my_reviews") in page
    assert f'href="{reverse("review:home")}">Editorial workspace' in page


def test_my_reviews_for_someone_not_on_the_board(client, editor):
    client.force_login(editor)
    page = client.get(reverse("review:my_reviews")).content.decode()
    assert "You are not a member of the Medical Advisory Board" in page


def test_my_reviews_lists_what_was_decided(client, assigned, member):
    services.review_decide(assignment=assigned, actor=member.user, decision="approve")
    client.force_login(member.user)
    page = client.get(reverse("review:my_reviews")).content.decode()
    assert "Nothing to review. Thank you!" in page
    assert "Approve → MAB-" in page


def test_the_login_form_sends_people_home_unless_asked_otherwise(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert f'name="next" value="{reverse("review:home")}"' in page
    page = client.get(reverse("admin:login") + "?next=/admin/articles/").content.decode()
    assert 'name="next" value="/admin/articles/"' in page


@pytest.mark.parametrize("name", ["my_reviews", "my_articles"])
def test_the_role_homes_are_refused_to_outsiders(client, outsider, name):
    url = reverse(f"review:{name}")
    assert client.get(url).status_code == 302  # signed out: to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 403
