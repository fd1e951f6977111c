"""The ingest API creates and updates drafts through the editors' services, idempotently,
and refuses anything a service refuses, naming the field, storing nothing."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from api.models import ApiCall, IngestedArticle
from articles.models import Article, ArticleStatus, PublishedVersion, Topic
from references.models import Citation, Reference
from review.models import ReviewEvent
from tests.api.helpers import fields_of, footprint, ingest, problem
from tests.readers.helpers import approve
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

BODY = "## From the Guidelines\n\nEmpirical antibiotics are recommended [@crum; @liu2014].\n"


def test_a_new_external_id_creates_a_draft_with_its_references_and_topics(api_client, editor):
    Topic.objects.create(name="Rheumatology", slug="rheumatology")
    ReferenceFactory(key="crum", doi="10.1000/crum")
    response = ingest(
        api_client,
        summary="Antibiotics and drainage.",
        body=BODY,
        alt_body="Doctors give antibiotics [@crum].\n",
        topics=["rheumatology"],
        references=[{"key": "crum", "doi": "10.1000/crum"}, {"key": "liu2014", "pmid": "24973422"}],
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["created"] and data["changed"] and not data["submitted"]
    article = Article.objects.get(slug=data["slug"])
    assert article.status == ArticleStatus.DRAFT
    assert article.author == editor
    assert list(article.topics.values_list("slug", flat=True)) == ["rheumatology"]
    # The PMID was looked up (recorded answer) and stored once in the library; the body
    # cites it by the library's key.
    liu = Reference.objects.get(pmid="24973422")
    assert data["keys"] == {"liu2014": liu.key} or liu.key == "liu2014"
    assert f"@{liu.key}]" in article.body
    numbered = Citation.objects.filter(article=article).order_by("number")
    assert [c.reference.key for c in numbered] == ["crum", liu.key]
    assert IngestedArticle.objects.get(external_id="up-1").article == article


def test_the_same_call_twice_changes_nothing_the_second_time(api_client):
    first = ingest(api_client, body="Plain text.\n")
    article = Article.objects.get()
    versions = article.history.count()
    second = ingest(api_client, body="Plain text.\n")
    assert second.status_code == 200
    assert second.json() | {"created": True, "changed": True} == first.json()
    assert not second.json()["created"] and not second.json()["changed"]
    assert Article.objects.count() == 1
    assert article.history.count() == versions


def test_a_changed_text_updates_the_same_draft(api_client):
    ingest(api_client, body="First text.\n")
    response = ingest(api_client, body="Second text.\n", title="A better question?")
    assert response.status_code == 200 and response.json()["changed"]
    article = Article.objects.get()
    assert (article.title, article.body, article.text_version) == (
        "A better question?",
        "Second text.\n",
        2,
    )


def test_submit_hands_the_draft_to_the_board_and_never_further(api_client, key_pair):
    response = ingest(api_client, body="Text.\n", submit=True)
    assert response.status_code == 201
    assert response.json()["submitted"] and response.json()["status"] == "submitted"
    article = Article.objects.get()
    change = article.state_changes.get()
    assert change.actor == key_pair[0].user and "Upstream writers" in change.comment
    assert not PublishedVersion.objects.exists()


def test_every_call_is_in_the_article_timeline_with_the_key_name(api_client, editor):
    client = Client()
    ingest(api_client, body="Text.\n")
    ingest(api_client, body="Text.\n")  # no change: no timeline entry
    ingest(api_client, body="Text, revised.\n", submit=True)
    messages = list(ReviewEvent.objects.values_list("message", flat=True))
    assert messages == [
        "Content API key “Upstream writers” created the draft (external id up-1).",
        "Content API key “Upstream writers” updated the article and submitted it for review "
        "(external id up-1).",
    ]
    assert ApiCall.objects.count() == 3
    assert set(ApiCall.objects.values_list("api_key__name", flat=True)) == {"Upstream writers"}
    # Editors see it on the review page's timeline.
    client.force_login(editor)
    page = client.get(reverse("review:article", args=[Article.objects.get().pk])).content.decode()
    assert "Content API key “Upstream writers” created the draft (external id up-1)." in page


def test_an_approved_article_gets_a_revision_and_readers_keep_the_approved_text(
    api_client, board_member, client
):
    ingest(api_client, body="Approved text.\n", submit=True)
    article = Article.objects.get()
    approve(article, board_member)
    response = ingest(
        api_client, body="Revised text.\n", change_kind="update", change_note="New trial."
    )
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT and article.body == "Revised text.\n"
    page = client.get(f"/api/v1/articles/{article.slug}").json()
    assert page["body_text"] == "Approved text."


def test_the_approved_text_sent_again_starts_no_revision(api_client, board_member):
    ingest(api_client, body="Approved text.\n", submit=True)
    article = Article.objects.get()
    approve(article, board_member)
    versions = article.history.count()
    response = ingest(
        api_client, body="Approved text.\n", submit=True, change_kind="minor", change_note="x"
    )
    assert response.status_code == 200, response.content
    assert not response.json()["changed"] and response.json()["status"] == "approved"
    assert article.history.count() == versions


def test_an_archived_article_is_refused(api_client, admin_user):
    from articles import services

    ingest(api_client, body="Text.\n")
    article = Article.objects.get()
    services.article_archive(article=article, actor=admin_user)
    before = footprint()
    response = ingest(api_client, body="New text.\n")
    assert response.status_code == 409
    assert "archived" in problem(response)["detail"]
    assert footprint() == before


# --- refusals: the field, the reason, nothing stored ----------------------------------------


def test_an_unknown_citation_key_refuses_the_submission_and_nothing_is_stored(api_client):
    before = footprint()
    response = ingest(api_client, body="Cites [@smith2019] here.\n", submit=True)
    assert response.status_code == 422
    reasons = fields_of(response)
    assert "smith2019" in reasons["body"]
    assert "Nothing was stored" in problem(response)["detail"]
    assert footprint() == before


def test_a_malformed_marker_refuses_the_submission(api_client):
    response = ingest(api_client, body="Cites [@smith2019, p. 3] here.\n", submit=True)
    assert response.status_code == 422
    assert "[@smith2019, p. 3]" in fields_of(response)["body"]
    assert not Article.objects.exists()


@override_settings(ARTICLE_BODY_MAX_KB=1)
def test_a_body_over_the_limit_is_refused_naming_the_limit(api_client):
    before = footprint()
    response = ingest(api_client, body="word " * 400, alt_body="mot " * 400)
    assert response.status_code == 422
    reasons = fields_of(response)
    assert "the maximum is 1 KB" in reasons["body"]
    assert "the maximum is 1 KB" in reasons["alt_body"]
    assert footprint() == before


def test_a_retracted_reference_refuses_the_submission(api_client):
    ReferenceFactory(key="gone", doi="10.1000/gone")
    Reference.objects.filter(key="gone").update(retracted=True)
    before = footprint()
    response = ingest(
        api_client, body="Cites [@gone].\n", references=[{"doi": "10.1000/gone"}], submit=True
    )
    assert response.status_code == 422
    assert "retracted" in fields_of(response)["body"].lower()
    assert footprint() == before


def test_an_unresolvable_reference_names_its_position_and_stores_no_other_reference(api_client):
    before = footprint()
    response = ingest(
        api_client,
        body="Cites [@liu2014] and [@nowhere].\n",
        references=[
            {"key": "liu2014", "pmid": "24973422"},  # would be looked up and stored…
            {"key": "nowhere", "doi": "10.9999/does-not-exist"},
        ],
    )
    assert response.status_code == 422
    reasons = fields_of(response)
    assert set(reasons) == {"references.1.doi"}
    assert footprint() == before  # …but the refusal rolled it back
    assert not Reference.objects.filter(pmid="24973422").exists()


def test_a_reference_must_give_exactly_one_identifier(api_client):
    response = ingest(api_client, references=[{"doi": "10.1/x", "pmid": "1"}, {"key": "k"}])
    assert response.status_code == 422
    assert set(fields_of(response)) == {"references.0", "references.1"}
    assert "exactly one" in fields_of(response)["references.0"]


def test_csl_json_goes_through_the_importer_rules(api_client):
    bad = ingest(api_client, references=[{"csl": {"type": "article-journal", "title": "T",
                                                  "author": "Smith"}}])  # fmt: skip
    assert bad.status_code == 422
    assert "“author” must be a list of names" in fields_of(bad)["references.0.csl"]
    good = ingest(
        api_client,
        body="Cites [@mine].\n",
        references=[{"key": "mine", "csl": {"type": "book", "title": "A book", "issued":
                                           {"date-parts": [[2020]]}}}],
    )  # fmt: skip
    assert good.status_code == 201, good.content
    reference = Reference.objects.get(title="A book")
    assert f"[@{reference.key}]" in Article.objects.get().body


def test_an_unknown_topic_is_refused(api_client):
    response = ingest(api_client, topics=["nephrology"])
    assert response.status_code == 422
    assert "nephrology" in fields_of(response)["topics.0"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": ""}, "title"),
        ({"external_id": "has spaces"}, "external_id"),
        ({"audience": "robots"}, "audience"),
        ({"submit": "perhaps"}, "submit"),
        ({"topics": "rheumatology"}, "topics"),
    ],
)
def test_a_malformed_request_names_the_field(api_client, payload, field):
    response = ingest(api_client, **payload)
    assert response.status_code == 422
    assert field in fields_of(response)
    assert not Article.objects.exists()


def test_a_body_that_is_not_json_is_a_problem_document(api_client):
    response = api_client.post(
        "/api/v1/ingest/drafts", data=b"{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    problem(response)
    assert not Article.objects.exists()


def test_a_key_whose_account_cannot_edit_is_refused(client, admin_user):
    from api.keys import api_key_create
    from tests.articles.factories import UserFactory

    reader = UserFactory(is_staff=True)  # staff, but no editorial role
    _, secret = api_key_create(actor=admin_user, name="No role", user=reader)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    response = ingest(client, body="Text.\n")
    assert response.status_code == 403
    assert "does not allow you to create articles" in problem(response)["detail"]
    assert not Article.objects.exists()


def test_warnings_come_back_in_the_editors_words_and_do_not_refuse(api_client):
    response = ingest(api_client, body="Give vancomycin 15 mg/kg every 8 hours.\n", submit=True)
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert response.json()["warnings"] == [
        "Note: uncited claim (dosing, recommendation) in paragraph 1: “Give vancomycin 15 mg/kg "
        "every 8 hours.” (cite a source in this sentence or the next)"
    ]


def test_a_draft_that_could_not_be_submitted_yet_says_why(api_client):
    response = ingest(api_client, body="Cites [@later2026].\n")
    assert response.status_code == 201
    assert any("later2026" in w for w in response.json()["warnings"])


def test_uncited_claims_refuse_when_the_policy_says_so(api_client, settings):
    settings.SAFETY_UNCITED_CLAIMS = "refuse"
    before = footprint()
    response = ingest(api_client, body="Give vancomycin 15 mg/kg every 8 hours.\n", submit=True)
    assert response.status_code == 422
    assert "uncited claim" in fields_of(response)["body"]
    assert footprint() == before


def test_a_revision_submitted_without_saying_what_changed_is_refused(api_client, board_member):
    ingest(api_client, body="Approved text.\n", submit=True)
    article = Article.objects.get()
    approve(article, board_member)
    before = footprint()
    response = ingest(api_client, body="Revised text.\n", submit=True)
    assert response.status_code == 422
    assert "say what changed" in fields_of(response)["change_note"]
    assert footprint() == before
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED  # not even the revision was started
