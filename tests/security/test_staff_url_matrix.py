"""Every staff URL of the site, for every role: one table, so the next view cannot forget.

The table below lists each named URL outside the admin (which
``test_admin_permission_matrix.py`` sweeps) with the roles that may use it. The test walks
the URL configuration and fails when a URL is in neither the table nor the list of public
and sign-in pages, so a new view must say who may use it.

For each URL and role: a role in the table gets its page (or its action's answer); any
other signed-in staff role gets 403; a signed-in non-staff person 403 or the login page;
an anonymous visitor the login page (a POST-only URL may answer a GET 405 first); a board
member or admin who signed in with a password alone is sent to the second-factor page.
Every refused POST leaves the database as it was.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles import services as article_services
from freshness.models import Reason, Severity, StaleFlag
from readers.models import Feedback, FeedbackKind, FollowUpQuestion
from review import services as review_services
from review.models import ReviewAssignment, ReviewComment
from tests.articles.factories import UserFactory
from tests.readers.helpers import member_for
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

# Who may use each staff URL. Roles: the article's author (an editor), another editor, the
# board member assigned to the article, another board member, an admin, a superuser.
EDITORS = {"author", "editor", "admin", "superuser"}
EDITORIAL = EDITORS | {"member", "other_member"}
REVIEWERS = EDITORS | {"member"}
ROLES = ["author", "editor", "member", "other_member", "admin", "superuser", "outsider"]

STAFF_URLS = {
    # name: (method, who may, url arguments from the world)
    "review:dashboard": ("get", EDITORIAL, None),
    # Where sign-in lands: a redirect to the person's own start page (the public home
    # page for someone without an editorial role); it shows nothing itself.
    "review:home": ("get", EDITORIAL | {"outsider"}, None),
    "review:my_reviews": ("get", EDITORIAL, None),
    "review:my_articles": ("get", EDITORIAL, None),
    # Everyone on the staff chooses their own e-mails.
    "review:notification_preferences": ("get", EDITORIAL, None),
    "review:article": ("get", REVIEWERS, "article"),
    "review:preview": ("get", REVIEWERS, "article"),
    "review:versions": ("get", REVIEWERS, "article"),
    "review:diff": ("get", REVIEWERS, "article"),
    "review:assign": ("post", EDITORS, "article"),
    "review:comment": ("post", REVIEWERS, "article"),
    "review:decide": ("post", {"member"}, "assignment"),
    "review:decline": ("post", {"member"}, "assignment"),
    # Not the author: nobody manages the review of their own article.
    "review:withdraw": ("post", {"admin", "superuser", "editor"}, "assignment"),
    # The comment's author, the article's author, and editors and admins (any thread).
    "review:resolve_comment": ("post", REVIEWERS, "comment"),
    "review:reopen_comment": ("post", REVIEWERS, "comment"),
    "freshness:attention": ("get", EDITORS, None),
    "freshness:dismiss": ("post", EDITORS, "flag"),
    # The reference library is no secret: board members may search it too.
    "references:search": ("get", EDITORIAL, None),
    "references:lookup": ("post", EDITORS, None),
    "references:export_ris": ("get", EDITORS, "slug"),
    "references:export_csl_json": ("get", EDITORS, "slug"),
    # Reader messages are for Editors and Admins, not the board.
    "readers:inbox": ("get", EDITORS, None),
    # Who has an article open: whoever may open its admin page or its review page.
    "coediting:heartbeat": ("post", REVIEWERS, "article"),
    "coediting:leave": ("post", REVIEWERS, "article"),
    # Autosave: whoever may edit the article now.
    "coediting:autosave": ("post", EDITORS, "article"),
    "coediting:discard": ("post", EDITORS, "article"),
}
# Open to everyone (readers' pages), or the sign-in steps themselves (tested in
# tests/accounts): not staff pages.
NOT_STAFF = {
    "readers:home",
    "readers:article",
    "readers:article_version",
    "readers:set_audience",
    "readers:report",
    "readers:ask",
    "readers:thanks",
    "readers:board",
    "readers:board_member",
    "readers:editorial_policy",
    "readers:sitemap",
    "readers:sitemap_section",
    "readers:sitemap_articles",
    # Signed links from e-mails: the token is the proof of what they may do. The review
    # link still needs sign-in and the second factor before it opens anything
    # (tests/review/test_review_links.py); unsubscribing turns one kind of e-mail off.
    "review:link",
    "review:unsubscribe",
    "readers:robots",
    "readers:favicon",
    "healthz",
    "readyz",
    "metrics",
    "accounts:verify",
    "accounts:enrol",
    "accounts:backup_codes",
    "admin_password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # The content API: public reads, and an ingest endpoint that takes API keys, never a
    # staff session (scopes, revocation and refusals: tests/api/test_keys.py).
    "api-v1:api-root",
    "api-v1:article",
    "api-v1:articles",
    "api-v1:board",
    "api-v1:ingest",
    "api-v1:openapi-json",
    "api-v1:openapi-view",
    "api-v1:policy",
}


def url_names() -> set[str]:
    """Every named URL of the site outside the admin."""
    names = set()

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    [*namespaces, pattern.namespace] if pattern.namespace else namespaces,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(":".join([*namespaces, pattern.name]))

    walk(get_resolver().url_patterns, [])
    return {name for name in names if not name.startswith("admin:")}


def test_every_url_says_who_may_use_it():
    unlisted = url_names() - set(STAFF_URLS) - NOT_STAFF
    assert not unlisted, f"add these URLs to the staff URL table: {sorted(unlisted)}"
    assert not (set(STAFF_URLS) | NOT_STAFF) - url_names(), "the table names URLs that are gone"


@pytest.fixture
def world(editor, editor2, board_member, board_member2, admin_user, outsider):
    clerk = UserFactory(username="clerk", is_superuser=True, is_staff=True)
    ReferenceFactory(key="crum2004")
    member = member_for(board_member)
    member_for(board_member2)
    article = article_services.article_create(
        actor=editor, title="Under review?", body="Text [@crum2004]."
    )
    article_services.article_submit(article=article, actor=editor)
    assignment = review_services.review_assign(article=article, reviewer=member, actor=clerk)
    comment = review_services.comment_create(article=article, actor=board_member, body="Dose?")
    flag = StaleFlag.objects.create(
        article=article, reason=Reason.REVIEW_OVERDUE, severity=Severity.LOW, detail="Due."
    )
    Feedback.objects.create(article=article, kind=FeedbackKind.TYPO, message="A reader's note")
    FollowUpQuestion.objects.create(asked_on=article, question="A reader's question?")
    users = {
        "author": editor,
        "editor": editor2,
        "member": board_member,
        "other_member": board_member2,
        "admin": admin_user,
        "superuser": clerk,
        "outsider": outsider,
    }
    history = list(article.history.order_by("history_id").values_list("history_id", flat=True))
    objects = {
        "article": [article.pk],
        "assignment": [assignment.pk],
        "comment": [comment.pk],
        "flag": [flag.pk],
        "slug": [article.slug],
    }
    query = {"review:diff": f"?old={history[0]}&new={history[-1]}"}
    return users, objects, query


# What each POST sends (a complete form, so a refusal is the role's, not the form's).
POST_DATA = {
    "review:withdraw": {"reason": "Asked for another specialty."},
    "review:comment": {"body": "A comment."},
    "review:decline": {"reason": "No time this month."},
    "freshness:dismiss": {"reason": "Reviewed, still current."},
    "references:lookup": {"identifier": "not an identifier"},
}


def _url(name, objects, query):
    _, _, arguments = STAFF_URLS[name]
    return reverse(name, args=objects[arguments] if arguments else None) + query.get(name, "")


def _snapshot():
    return (
        ReviewAssignment.objects.filter(state="pending").count(),
        ReviewComment.objects.filter(resolved_at__isnull=True).count(),
        StaleFlag.objects.filter(resolved_at__isnull=True).count(),
        list(ReviewAssignment.objects.values_list("state", "decision")),
    )


def _signed_in_login_page(response) -> bool:
    return response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_every_staff_url_for_every_role(world, client, name):
    users, objects, query = world
    method, allowed, _ = STAFF_URLS[name]
    url = _url(name, objects, query)
    data = POST_DATA.get(name, {})

    def send(url):
        return client.post(url, data) if method == "post" else client.get(url)

    anonymous = send(url)
    assert _signed_in_login_page(anonymous) or (method == "post" and anonymous.status_code == 405)

    wrong = []
    for role in ROLES:
        client.force_login(users[role])
        before = _snapshot()
        response = send(url)
        status = response.status_code
        if role in allowed:
            if status in {401, 403, 404, 405} or status >= 500 or _signed_in_login_page(response):
                wrong.append(f"{role} may use it but got {status}")
        else:
            refused = status == 403 or (role == "outsider" and _signed_in_login_page(response))
            if not refused:
                wrong.append(f"{role} may not use it but got {status}")
            elif _snapshot() != before:
                wrong.append(f"{role}'s refused request changed something")
        client.logout()
    assert not wrong, f"{name}: {wrong}"


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_a_password_alone_is_sent_to_the_second_factor(world, client, name):
    """Board members and admins must enter their code before any staff page."""
    users, objects, query = world
    method, _, _ = STAFF_URLS[name]
    url = _url(name, objects, query)
    for role in ["member", "admin", "superuser"]:
        client.force_login(users[role], second_factor=False)
        before = _snapshot()
        response = getattr(client, method)(url)
        assert response.status_code == 302, (role, response.status_code)
        assert response["Location"].startswith("/accounts/two-step/"), role
        assert _snapshot() == before
        client.logout()
