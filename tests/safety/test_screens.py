"""Where people work: the review page, the assign page, the dashboard, the admin."""

import pytest
from django.urls import reverse

from articles.models import ArticleStatus
from safety.models import ReviewPolicy
from tests.articles.factories import ArticleFactory, article_in_state

BODY = "Give 500 mg twice daily.\n\nMortality is 5%.[@a]\n"
POLICY_PAGE_QUERIES = 12  # +1: the second factor's device, re-read each request


def test_review_page_highlights_uncited_claims_and_explains_the_rules(
    client, editor, admin_user, board_member, dosing_policy
):
    article = article_in_state(
        ArticleStatus.SUBMITTED, editor=editor, board=board_member, body=BODY
    )
    client.force_login(admin_user)
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert "Clinical claims: 1 of 2 claims cited" in page
    assert '<span class="claim claim--uncovered">Give 500 mg twice daily.</span>' in page
    assert (
        "<strong>Dosing needs a pharmacist</strong> matched: dosing or regimen claims in "
        "paragraph 1." in page
    )
    assert "Missing: no approval of the current text yet from a member with the specialty" in page


def test_assign_page_suggests_members_or_warns(
    client, editor, admin_user, board_member, pharmacist, dosing_policy
):
    article = article_in_state(
        ArticleStatus.SUBMITTED, editor=editor, board=board_member, body=BODY
    )
    client.force_login(admin_user)
    url = reverse("review:assign", args=[article.pk])
    page = client.get(url).content.decode()
    assert "Sam Smith, MD, FACP — Clinical pharmacology · 0 open reviews" in page
    pharmacist.is_active = False
    pharmacist.save()
    page = client.get(url).content.decode()
    assert (
        "Nobody on the board who can be assigned has the specialty Clinical pharmacology or "
        "Pharmacist" in page
    )


def test_dashboard_and_admin_list_show_coverage(client, editor, admin_user):
    ArticleFactory(author=admin_user, body=BODY, title="Dosing question?")
    client.force_login(admin_user)
    assert "1 of 2 claims cited" in client.get(reverse("review:dashboard")).content.decode()
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "1 of 2 claims cited" in changelist


def test_article_admin_form_shows_the_claims_check(client, editor, admin_user, dosing_policy):
    article = ArticleFactory(author=editor, body=BODY)
    client.force_login(admin_user)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Clinical claims: 1 of 2 claims cited" in page
    assert "Dosing needs a pharmacist</strong> matched" in page


def test_admins_edit_policies_in_the_admin_and_editors_cannot(client, editor, admin_user):
    data = {
        "name": "Two for statistics",
        "is_active": "on",
        "on_statistics": "on",
        "audience": "",
        "required_approvals": "2",
        "required_specialties": "",
    }
    client.force_login(editor)
    assert client.post(reverse("admin:safety_reviewpolicy_add"), data).status_code == 403
    client.force_login(admin_user)
    response = client.post(reverse("admin:safety_reviewpolicy_add"), data)
    assert response.status_code == 302
    policy = ReviewPolicy.objects.get()
    assert policy.required_approvals == 2 and policy.history.count() == 1


def test_policy_admin_says_which_articles_it_matches_and_nothing_is_deleted(
    client, editor, admin_user, board_member, dosing_policy
):
    article_in_state(
        ArticleStatus.SUBMITTED, editor=editor, board=board_member, body=BODY, title="Dose?"
    )
    client.force_login(admin_user)
    url = reverse("admin:safety_reviewpolicy_change", args=[dosing_policy.pk])
    page = client.get(url).content.decode()
    assert "<li>Dose?: dosing or regimen claims in paragraph 1</li>" in page
    delete = reverse("admin:safety_reviewpolicy_delete", args=[dosing_policy.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ReviewPolicy.objects.filter(pk=dosing_policy.pk).exists()


@pytest.mark.parametrize("n", [2, 8])
def test_policy_page_queries_do_not_grow_with_the_articles_in_review(
    n, client, editor, admin_user, board_member, paediatrics, django_assert_max_num_queries
):
    policy = ReviewPolicy.objects.create(name="Paediatric dosing", on_dosing=True)
    policy.topics.add(paediatrics)
    for i in range(n):
        article = article_in_state(
            ArticleStatus.SUBMITTED, editor=editor, board=board_member, body=BODY, title=f"Q{i}?"
        )
        article.topics.add(paediatrics)
    client.force_login(admin_user)
    url = reverse("admin:safety_reviewpolicy_change", args=[policy.pk])
    with django_assert_max_num_queries(POLICY_PAGE_QUERIES):
        page = client.get(url).content.decode()
    assert page.count("dosing or regimen claims in paragraph 1; topic Paediatrics</li>") == n


def test_a_switched_off_policy_matches_nothing_and_says_so(
    client, editor, admin_user, board_member, dosing_policy
):
    article_in_state(ArticleStatus.SUBMITTED, editor=editor, board=board_member, body=BODY)
    dosing_policy.is_active = False
    dosing_policy.save()
    client.force_login(admin_user)
    url = reverse("admin:safety_reviewpolicy_change", args=[dosing_policy.pk])
    page = client.get(url).content.decode()
    assert "None: this policy is switched off." in page


def test_the_claims_check_stays_on_an_approved_article_in_the_admin(
    client, editor, admin_user, board_member
):
    article = article_in_state(ArticleStatus.APPROVED, editor=editor, board=board_member, body=BODY)
    client.force_login(admin_user)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'id="claims-admin"' in page and "1 of 2 claims cited" in page
    assert "Quorum:" not in page  # the approved version is described instead
    review_page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert "1 of 2 claims cited" in review_page and "Quorum:" not in review_page


def test_lists_analyse_each_text_once_and_an_edit_shows_at_once(
    client, editor, admin_user, monkeypatch
):
    from safety.claims import analysis

    analysis._texts_coverage.cache_clear()
    calls = []
    real = analysis.analyse_article
    monkeypatch.setattr(
        analysis, "analyse_article", lambda **texts: calls.append(texts["body"]) or real(**texts)
    )
    article = ArticleFactory(author=admin_user, body=BODY, title="Dosing question?")
    client.force_login(admin_user)
    for _ in range(2):
        assert "1 of 2 claims cited" in client.get(reverse("review:dashboard")).content.decode()
        changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert "1 of 2 claims cited" in changelist
    assert calls == [BODY]  # four list views, one analysis
    type(article).objects.filter(pk=article.pk).update(body=BODY.replace("daily.", "daily.[@a]"))
    assert "2 of 2 claims cited" in client.get(reverse("review:dashboard")).content.decode()


def test_review_page_lists_an_uncited_claim_of_the_summary(
    client, editor, admin_user, board_member
):
    article = article_in_state(
        ArticleStatus.SUBMITTED,
        editor=editor,
        board=board_member,
        body="Psoas myositis is rare.[@a]\n",
        summary="Drainage is essential for any abscess.",
    )
    client.force_login(admin_user)
    page = client.get(reverse("review:article", args=[article.pk])).content.decode()
    assert "Clinical claims: 0 of 1 claim cited" in page
    assert "<li>The summary (recommendation): <q>Drainage is essential for any abscess.</q>" in page
