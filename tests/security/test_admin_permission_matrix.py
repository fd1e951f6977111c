"""Every admin changelist and change view, for every role.

Two properties: no page answers 500 (a board member opening a reference used to crash with
``KeyError: 'key'``), and nobody who may not read articles in the admin sees an
unpublished article's title anywhere there: board members read articles only through
their review pages (``articles/roles.py``); before, ``/admin/references/citation/``
listed every draft's title to them.
"""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from articles import services as article_services
from references.models import Reference
from review import services as review_services
from review.models import Notification, ReviewComment, ReviewEvent
from tests.articles.factories import UserFactory, approve_through_board
from tests.references.factories import ReferenceFactory

SECRET = "Secret draft question about warfarin?"
ROLES = ["outsider", "editor", "board_member", "admin", "superuser"]


@pytest.fixture
def world(db, editor, editor2, board_member, board_member2, admin_user, outsider):
    ReferenceFactory(key="crum2004", title="Bacterial pyomyositis in the United States")
    article_services.article_create(
        actor=editor, title=SECRET, body="Usually *S aureus* [@crum2004]."
    )
    clerk = UserFactory(is_superuser=True, is_staff=True)
    member = review_services.board_member_create(actor=clerk, user=board_member)
    member2 = review_services.board_member_create(actor=clerk, user=board_member2)
    published = article_services.article_create(
        actor=editor, title="Published question?", body="Text [@crum2004]."
    )
    article_services.article_submit(article=published, actor=editor)
    approve_through_board(published, board_member)
    reviewed = article_services.article_create(actor=editor, title="Reviewed?", body="Body.")
    article_services.article_submit(article=reviewed, actor=editor)
    review_services.review_assign(article=reviewed, reviewer=member2, actor=admin_user)
    review_services.comment_create(article=reviewed, actor=board_member2, body="Dose?")
    review_services.conflict_declare(
        member=member, article=reviewed, actor=clerk, description="Consults for the maker."
    )
    review_services.review_set_quorum(article=reviewed, actor=admin_user, required_approvals=2)
    assert Notification.objects.exists() and ReviewComment.objects.exists()
    assert ReviewEvent.objects.exists()
    return {
        "outsider": outsider,
        "editor": editor2,
        "board_member": board_member,
        "admin": admin_user,
        "superuser": clerk,
    }


def admin_pages():
    """(label, url) of every registered model's changelist and of one change view."""
    pages = []
    for model in admin.site._registry:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append((f"{opts.label} list", reverse(f"{name}_changelist")))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            try:
                pages.append((f"{opts.label} change", reverse(f"{name}_change", args=[obj.pk])))
            except NoReverseMatch:
                continue
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_for_every_role(world, client, role):
    user = world[role]
    client.force_login(user)
    may_read_articles = user.is_staff and user.has_perm("articles.view_article")
    pages = admin_pages()
    assert len(pages) >= 20
    for label, url in pages:
        response = client.get(url)
        assert response.status_code in {200, 302, 403}, (label, response.status_code)
        text = response.content.decode(errors="replace")
        if not may_read_articles:
            assert SECRET not in text, f"{role} sees the draft's title on {label}"
        if not user.is_staff:
            assert response.status_code == 302, (label, "non-staff must be sent to login")


def test_board_members_are_refused_the_citation_list(world, client):
    client.force_login(world["board_member"])
    assert client.get(reverse("admin:references_citation_changelist")).status_code == 403
    reference = Reference.objects.get(key="crum2004")
    page = client.get(reverse("admin:references_reference_change", args=[reference.pk]))
    assert page.status_code == 200  # was KeyError: 'key'
    assert "cited by" not in page.content.decode().lower()


def test_editors_still_see_which_articles_cite_a_reference(world, client):
    client.force_login(world["editor"])
    reference = Reference.objects.get(key="crum2004")
    page = client.get(reverse("admin:references_reference_change", args=[reference.pk]))
    assert SECRET in page.content.decode()
