"""Exporting an article's references (RIS, CSL-JSON) and reading them back."""

import json

from django.urls import reverse

from references import services
from references.models import Citation, Reference
from tests.articles.factories import ArticleFactory


def article_with_sample_references(editor, data_dir):
    article = ArticleFactory(author=editor, slug="psoas", body="Cited [@mallick2004].")
    services.reference_import(
        actor=editor,
        content=(data_dir / "sample.ris").read_bytes(),
        filename="sample.ris",
        article=article,
    )
    return article


def test_ris_export_is_an_attachment_in_citation_order(client, editor, data_dir):
    article = article_with_sample_references(editor, data_dir)
    client.force_login(editor)
    response = client.get(reverse("references:export_ris", args=[article.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="psoas-references.ris"'
    text = response.content.decode()
    assert text.count("TY  - ") == 4
    assert text.index("Iliopsoas abscesses") < text.index("Practice guidelines")  # cited first


def test_csl_json_export_uses_the_citation_keys_as_ids(client, editor, data_dir):
    article = article_with_sample_references(editor, data_dir)
    client.force_login(editor)
    response = client.get(reverse("references:export_csl_json", args=[article.slug]))
    items = json.loads(response.content)
    assert [item["id"] for item in items][0] == "mallick2004"
    assert {item["id"] for item in items} == set(
        Citation.objects.filter(article=article).values_list("reference__key", flat=True)
    )


def test_export_then_reimport_gives_the_same_references_and_no_duplicates(client, editor, data_dir):
    article = article_with_sample_references(editor, data_dir)
    before = {r.key: r.formatted_text for r in Reference.objects.all()}
    client.force_login(editor)
    for name in ("export_ris", "export_csl_json"):
        exported = client.get(reverse(f"references:{name}", args=[article.slug])).content
        suffix = "ris" if name == "export_ris" else "json"
        report = services.reference_import(
            actor=editor, content=exported, filename=f"export.{suffix}"
        )
        assert report.summary == "Imported 0, matched 4 existing, 0 errors"
        assert sorted(r.key for r in report.matched) == sorted(before)
    assert {r.key: r.formatted_text for r in Reference.objects.all()} == before


def test_export_into_an_empty_library_rebuilds_the_same_references(client, editor, data_dir):
    article = article_with_sample_references(editor, data_dir)
    client.force_login(editor)
    exported = client.get(reverse("references:export_ris", args=[article.slug])).content
    originals = {r.key: r.to_data() for r in Reference.objects.all()}
    # Remove the references (uncite, detach, delete) and import the export again.
    Citation.objects.filter(article=article).delete()
    Reference.objects.all().delete()
    services.reference_import(actor=editor, content=exported, filename="export.ris")
    assert {r.key: r.to_data() for r in Reference.objects.all()} == originals


def test_export_needs_the_reference_permission(client, outsider, editor, data_dir):
    article = article_with_sample_references(editor, data_dir)
    client.force_login(outsider)
    assert client.get(reverse("references:export_ris", args=[article.slug])).status_code == 403
    client.logout()
    response = client.get(reverse("references:export_ris", args=[article.slug]))
    assert response.status_code == 302


def test_board_members_cannot_export_an_articles_references_and_editors_can(
    client, board_member, editor, data_dir
):
    """Exports show unpublished articles: they need ``articles.view_article``, which board
    members do not hold (they read their assigned articles on the review pages)."""
    article = article_with_sample_references(editor, data_dir)
    for name in ("export_ris", "export_csl_json"):
        url = reverse(f"references:{name}", args=[article.slug])
        client.force_login(board_member)
        assert client.get(url).status_code == 403
        client.force_login(editor)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="psoas-references')
        client.logout()
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
