"""The reference library in the admin: list, search, filters, detail, add, delete, import."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from references import services
from references.models import Reference
from tests.articles.factories import ArticleFactory
from tests.references.factories import ReferenceFactory

CHANGELIST = "admin:references_reference_changelist"


def change_url(reference):
    return reverse("admin:references_reference_change", args=[reference.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def cited_and_uncited(editor):
    cited = ReferenceFactory(key="liu2011", title="MRSA guidelines", doi="10.1093/cid/ciq146")
    uncited = ReferenceFactory(key="crum2004", title="Bacterial pyomyositis", pmid="15380499")
    for title in ("What treats MRSA?", "What is psoas myositis?"):
        article = ArticleFactory(author=editor, title=title, body="See [@liu2011].")
        services.citations_sync(article=article)
    return cited, uncited


def test_changelist_shows_cited_count_and_filters_cited_and_uncited(client, editor):
    cited_and_uncited(editor)
    client.force_login(editor)
    response = client.get(reverse(CHANGELIST))
    rows = {r.key: r.cited_count for r in response.context["cl"].result_list}
    assert rows == {"liu2011": 2, "crum2004": 0}
    only_cited = client.get(reverse(CHANGELIST), {"cited": "yes"}).context["cl"].result_list
    only_uncited = client.get(reverse(CHANGELIST), {"cited": "no"}).context["cl"].result_list
    assert [r.key for r in only_cited] == ["liu2011"]
    assert [r.key for r in only_uncited] == ["crum2004"]


def test_search_by_title_key_author_doi_url_and_pmid(client, editor):
    cited_and_uncited(editor)
    client.force_login(editor)

    def found(term):
        result = client.get(reverse(CHANGELIST), {"q": term}).context["cl"].result_list
        return [r.key for r in result]

    assert found("pyomyositis") == ["crum2004"]
    assert found("liu2011") == ["liu2011"]
    assert found("Crum") == ["crum2004", "liu2011"]  # the factory's author is Crum for both
    assert found("https://doi.org/10.1093/CID/ciq146") == ["liu2011"]
    assert found("PMID: 15380499") == ["crum2004"]


def test_filter_by_kind_and_retracted(client, editor):
    ReferenceFactory(key="a2001", kind="guideline")
    retracted = ReferenceFactory(key="b2002")
    services.reference_update(reference=retracted, actor=editor, retracted=True)
    client.force_login(editor)
    by_kind = client.get(reverse(CHANGELIST), {"kind__exact": "guideline"}).context["cl"]
    by_status = client.get(reverse(CHANGELIST), {"retracted__exact": "1"}).context["cl"]
    assert [r.key for r in by_kind.result_list] == ["a2001"]
    assert [r.key for r in by_status.result_list] == ["b2002"]


def test_detail_shows_every_citing_article_and_the_ama_entry(client, editor):
    cited, _ = cited_and_uncited(editor)
    client.force_login(editor)
    page = client.get(change_url(cited)).content.decode()
    assert "What treats MRSA?" in page
    assert "What is psoas myositis?" in page
    assert "reference 1" in page
    assert "<i>Am J Med</i>" in page


def reference_form(**overrides):
    data = {
        "kind": "research",
        "key": "",
        "title": "Tropical pyomyositis in travellers",
        "authors_lines": "Crum, Nancy F.\nInfectious Diseases Society of America",
        "year": "2006",
        "doi": "",
        "pmid": "",
        "comment": "",
    }
    data.update(overrides)
    return data


def test_add_through_the_admin_makes_a_key_and_keeps_authors_in_order(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:references_reference_add"), reference_form())
    assert response.status_code == 302
    reference = Reference.objects.get()
    assert reference.key == "crum2006"
    assert reference.authors == [
        {"family": "Crum", "given": "Nancy F."},
        {"literal": "Infectious Diseases Society of America"},
    ]
    assert reference.history.first().history_user == editor


def test_adding_a_duplicate_doi_is_a_form_error_naming_the_existing_reference(client, editor):
    existing = ReferenceFactory(key="liu2011", doi="10.1093/cid/ciq146")
    client.force_login(editor)
    response = client.post(
        reverse("admin:references_reference_add"),
        reference_form(doi="https://doi.org/10.1093/CID/ciq146"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["doi"]
    assert "This DOI is already in the library as" in errors[0]
    assert "liu2011" in errors[0]
    assert list(Reference.objects.all()) == [existing]


def test_changing_the_key_of_a_cited_reference_shows_the_refusal(client, editor):
    cited, _ = cited_and_uncited(editor)
    client.force_login(editor)
    form = reference_form(
        key="liu2011new", title=cited.title, authors_lines="Crum, Nancy F.", year=cited.year,
        doi=cited.doi, container_title=cited.container_title,
        container_title_short=cited.container_title_short, volume=cited.volume,
        issue=cited.issue, pages=cited.pages,
    )  # fmt: skip
    response = client.post(change_url(cited), form, follow=True)
    assert any(
        m.startswith("The key 'liu2011' cannot be changed to 'liu2011new'")
        for m in messages_of(response)
    )
    cited.refresh_from_db()
    assert cited.key == "liu2011"


def test_deleting_a_cited_reference_is_refused_with_the_articles_named(client, admin_user, editor):
    cited, _ = cited_and_uncited(editor)
    client.force_login(admin_user)
    delete_url = reverse("admin:references_reference_delete", args=[cited.pk])
    for response in (
        client.get(delete_url, follow=True),
        client.post(delete_url, {"post": "yes"}, follow=True),
    ):
        assert response.redirect_chain[-1][0] == change_url(cited)
        assert (
            "The reference 'liu2011' cannot be deleted: it is cited by 2 articles: "
            "“What is psoas myositis?” (reference 1), “What treats MRSA?” (reference 1)."
        ) in " ".join(messages_of(response))
    assert Reference.objects.filter(pk=cited.pk).exists()


def test_deleting_an_uncited_reference_goes_through(client, admin_user, editor):
    _, uncited = cited_and_uncited(editor)
    client.force_login(admin_user)
    delete_url = reverse("admin:references_reference_delete", args=[uncited.pk])
    assert client.get(delete_url).status_code == 200  # the usual confirmation page
    response = client.post(delete_url, {"post": "yes"}, follow=True)
    assert "The reference 'crum2004' was deleted." in messages_of(response)
    assert not Reference.objects.filter(pk=uncited.pk).exists()
    assert Reference.history.filter(id=uncited.pk, history_type="-").get().history_user == (
        admin_user
    )


def test_editors_cannot_delete_and_there_is_no_bulk_delete(client, editor):
    reference = ReferenceFactory(key="crum2004")
    client.force_login(editor)
    delete_url = reverse("admin:references_reference_delete", args=[reference.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    response = client.get(reverse(CHANGELIST))
    assert "delete_selected" not in dict(response.context["action_form"].fields["action"].choices)
    assert Reference.objects.filter(pk=reference.pk).exists()


def test_upload_form_imports_and_lists_each_error(client, editor, data_dir):
    article = ArticleFactory(author=editor)
    client.force_login(editor)
    upload = SimpleUploadedFile("broken.ris", (data_dir / "broken.ris").read_bytes())
    response = client.post(
        reverse("admin:references_reference_import"), {"file": upload, "article": article.pk}
    )
    page = response.content.decode()
    assert "Imported 2, matched 0 existing, 2 errors" in page
    assert "Entry 2, line 14: the entry has no title" in page
    assert "Entry 4, line 33: the entry has no &#x27;TY  -&#x27; start line" in page
    assert Reference.objects.count() == 2
    assert article.citations.count() == 2


def test_upload_of_a_foreign_file_is_refused_on_the_form(client, editor, data_dir):
    client.force_login(editor)
    upload = SimpleUploadedFile("notes.txt", (data_dir / "not_references.txt").read_bytes())
    response = client.post(reverse("admin:references_reference_import"), {"file": upload})
    errors = response.context["form"].errors["file"]
    assert errors[0].startswith("Nothing was imported: 'notes.txt' is not a reference file")
    assert not Reference.objects.exists()


def test_board_members_see_the_library_but_cannot_import(client, board_member):
    ReferenceFactory(key="crum2004")
    client.force_login(board_member)
    assert client.get(reverse(CHANGELIST)).status_code == 200
    assert client.get(reverse("admin:references_reference_import")).status_code == 403


def test_admin_action_exports_selected_references_as_ris(client, editor):
    one, two = ReferenceFactory(key="a2001"), ReferenceFactory(key="b2002")
    ReferenceFactory(key="c2003")
    client.force_login(editor)
    response = client.post(
        reverse(CHANGELIST),
        {"action": "export_ris", "_selected_action": [one.pk, two.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="references.ris"'
    assert response.content.decode().count("TY  - ") == 2


def test_add_change_and_list_pages_render(client, admin_user, editor):
    cited, _ = cited_and_uncited(editor)
    client.force_login(admin_user)
    for url in (
        reverse("admin:references_reference_add"),
        change_url(cited),
        reverse(CHANGELIST),
        reverse("admin:references_reference_lookup"),
        reverse("admin:references_reference_import"),
        reverse("admin:references_citation_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_a_list_past_the_counting_cap_says_more_than_and_offers_no_select_across(
    client, editor, monkeypatch
):
    from articles.admin import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 4)
    for n in range(6):
        ReferenceFactory(key=f"smith20{n:02d}", title=f"Trial {n}")
    client.force_login(editor)
    response = client.get(reverse(CHANGELIST), {"o": "1", "q": "Trial"})
    page = response.content.decode()
    assert "More than 4 references: the first 4 are paged" in page
    # an action never reaches rows nobody counted: no "Select all N references" link
    assert "Select all objects on this page" in page and "Select all 4" not in page
    assert 'class="question' not in page
    assert response.context["cl"].result_count == 4
    narrowed = client.get(reverse(CHANGELIST), {"q": "Trial 3"}).content.decode()
    assert "1 reference\n" in narrowed and "More than" not in narrowed


def test_a_list_under_the_cap_still_offers_select_across(client, editor, monkeypatch):
    from articles.admin import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 50)
    monkeypatch.setattr("references.admin.ReferenceAdmin.list_per_page", 2)
    for n in range(3):
        ReferenceFactory(key=f"jones20{n:02d}", title=f"Cohort {n}")
    client.force_login(editor)
    page = client.get(reverse(CHANGELIST), {"q": "Cohort"}).content.decode()
    assert "Select all 3 references" in page
    assert "3 references" in page and "More than" not in page
