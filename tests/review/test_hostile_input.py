"""Hostile input to every importer and every staff form: no 500, a message, nothing
changed. Runs on SQLite and, in the PostgreSQL suite, on PostgreSQL
(where a NUL byte used to end in ``DataError``).

"Nothing changed" is checked with a footprint of the whole database (row counts and the
article's text); where input is cleaned rather than refused (control characters stripped
from an imported title), what was stored is checked instead: no control or invisible
character reaches the database.
"""

import json

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from articles.textclean import CONTROL, INVISIBLE
from references.models import Reference, ReferenceImport
from review.models import BoardMember, ReviewComment

# Text typed into a field.
TEXT = {
    "nul": "Dose\x00 10 mg",
    "controls": "Dose\x1b[31m\x07 10 mg",
    "rtl_override": "Dose \u202egm 01",
    "zero_width": "Do\u200bse",
    "huge": "A" * 300_000,
    "deep_brackets": "[" * 20_000 + "x",
    "html": "<script>alert(1)</script>",
}
# Values of the wrong type for numbers, dates, choices and ids.
WRONG = ["abc", "-1", "99999999999999999999999", "2026-13-45", "[]", "\x00", "1.5"]


def records(path: str, title: str) -> dict[str, bytes]:
    """The same hostile title wrapped in each importer's format."""
    return {
        "ris": f"TY  - JOUR\nTI  - {title}\nPY  - 2020\nER  - \n".encode(errors="surrogatepass"),
        "bib": f"@article{{k1, title={{{title}}}, year={{2020}}}}\n".encode(errors="surrogatepass"),
        "nbib": f"PMID- 1\nTI  - {title}\nDP  - 2020\n".encode(errors="surrogatepass"),
        "xml": (
            "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
            f"<ArticleTitle>{title.replace('<', '&lt;')}</ArticleTitle></Article>"
            "</MedlineCitation></PubmedArticle></PubmedArticleSet>"
        ).encode(errors="surrogatepass"),
        "json": json.dumps([{"type": "article-journal", "title": title}]).encode(),
    }


FILES = {
    "csl_deep_nesting": b"[" * 100_000 + b"]" * 100_000,
    "csl_deep_in_entry": b'[{"type":"book","title":"T","note":'
    + b"[" * 50_000
    + b"]" * 50_000
    + b"}]",
    "csl_author_string": b'[{"type":"article-journal","title":"T","author":"Smith"}]',
    "csl_wrong_types": b'[{"type":"article-journal","title":["T"],"issued":"2020","page":7}]',
    "csl_not_objects": b'[1, "two", null, true]',
    "bibtex_50000_braces": b"@article{k, title={" + b"{" * 50_000 + b"x" + b"}" * 50_000 + b"}}",
    "xml_200000_deep": b"<PubmedArticleSet>"
    + b"<a>" * 200_000
    + b"</a>" * 200_000
    + b"</PubmedArticleSet>",
    "xml_entities": b'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY a "aaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;">]><PubmedArticleSet>&b;</PubmedArticleSet>',
    # A form cannot carry a lone surrogate (UTF-8 has none) but a JSON escape can.
    "csl_lone_surrogate": b'[{"type":"article-journal","title":"Dose \\ud800 mg"}]',
    "empty": b"",
    "whitespace": b" \n\t ",
    "binary": bytes(range(256)) * 10,
    "utf16_ris_no_title": "TY  - JOUR\r\nPY  - 2020\r\nER  - \r\n".encode("utf-16"),
    "ris_unterminated": b"TY  - JOUR\nTI  - T",
}
for kind, payload in records("", "T\x00it\u202ele\x07").items():
    FILES[f"{kind}_title_with_nul_rtl_bell"] = payload
FILES["ris_utf16_bom"] = "TY  - JOUR\r\nTI  - Utf sixteen\r\nER  - \r\n".encode("utf-16")
FILES["ris_utf8_bom"] = "TY  - JOUR\nTI  - Utf eight\nER  - \n".encode("utf-8-sig")
FILES["ris_utf16_le_without_bom"] = "TY  - JOUR\r\nTI  - No bom\r\nER  - \r\n".encode("utf-16-le")

LENIENT = {"csl_wrong_types", "ris_unterminated", "csl_lone_surrogate"}


def footprint():
    # A background import's job row records the attempt; it is not a change of content.
    counts = tuple(
        model.objects.count() for model in apps.get_models() if model is not ReferenceImport
    )
    texts = tuple(Article.objects.order_by("pk").values_list("title", "summary", "body"))
    return counts, texts


def assert_stored_text_is_clean():
    for model, fields in [
        (Reference, ["title", "container_title", "authors_text"]),
        (Article, ["title", "summary", "body"]),
        (ReviewComment, ["body", "quote"]),
        (BoardMember, ["display_name", "credentials"]),
    ]:
        for row in model.objects.values_list(*fields):
            for value in row:
                assert not CONTROL.search(value or ""), (model.__name__, value[:80])
    for model, name in [(Reference, "title"), (Article, "title"), (BoardMember, "display_name")]:
        for title in model.objects.values_list(name, flat=True):
            assert not INVISIBLE.search(title or ""), (model.__name__, title[:80])


def messages_of(response) -> str:
    text = response.content.decode(errors="replace")
    listed = [str(m) for m in response.context["messages"]] if response.context else []
    return text + " ".join(listed)


# --- importers -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_importer_answers_hostile_files_with_a_message(
    name, client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    before = footprint()
    upload = SimpleUploadedFile(f"{name}.txt", FILES[name])
    with django_capture_on_commit_callbacks(execute=True):  # large files: a background job
        response = client.post(reverse("admin:references_reference_import"), {"file": upload})
    response = follow_job(client, response)
    assert response.status_code == 200
    page = messages_of(response)
    assert "errorlist" in page or "Imported" in page, page[:500]
    assert_stored_text_is_clean()
    imported = Reference.objects.count() - before[0][_index(Reference)]
    if imported == 0:
        assert footprint() == before  # refused: nothing changed at all
    else:
        # Only files with a usable entry import: cleaned titles, BOM-marked files, and
        # values the readers coerce (CSL ["T"] → "T", page 7 → "7"; RIS without "ER").
        assert name.endswith(("nul_rtl_bell", "bom")) or name in LENIENT, name


def follow_job(client, response):
    """A large file answers with the job's page: open it once the job has run."""
    if response.status_code == 302:
        return client.get(response["Location"])
    return response


def _index(model):
    return list(apps.get_models()).index(model)


def test_a_200000_deep_xml_says_why_nothing_was_imported(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    upload = SimpleUploadedFile("deep.xml", FILES["xml_200000_deep"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:references_reference_import"), {"file": upload})
    response = follow_job(client, response)
    assert "no references were found in this PubMed XML file" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("csl_deep_nesting", "is nested too deeply to be a reference file"),
        ("bibtex_50000_braces", "is nested too deeply to be a reference file"),
        ("csl_author_string", "“author” must be a list of names"),
        ("empty", "file is empty"),
    ],
)
def test_the_messages_say_what_is_wrong(
    name, message, client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    upload = SimpleUploadedFile(f"{name}.txt", FILES[name])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:references_reference_import"), {"file": upload})
    response = follow_job(client, response)
    assert message in response.content.decode()


def test_utf16_and_bom_files_are_read(client, editor):
    client.force_login(editor)
    for name in ("ris_utf16_bom", "ris_utf8_bom", "ris_utf16_le_without_bom"):
        upload = SimpleUploadedFile(f"{name}.ris", FILES[name])
        client.post(reverse("admin:references_reference_import"), {"file": upload})
    titles = set(Reference.objects.values_list("title", flat=True))
    assert {"Utf sixteen", "Utf eight", "No bom"} <= titles


def test_an_imported_title_is_stored_without_nul_or_direction_overrides(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("t.ris", FILES["ris_title_with_nul_rtl_bell"])
    client.post(reverse("admin:references_reference_import"), {"file": upload})
    assert Reference.objects.get().title == "Title"


# --- look-ups --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*TEXT.values(), *WRONG, "10.1000/x\x00y", ""])
def test_lookups_refuse_hostile_identifiers(value, client, editor, settings):
    settings.REFERENCE_LOOKUPS_ENABLED = False  # nothing may leave the machine
    client.force_login(editor)
    before = footprint()
    response = client.post(reverse("references:lookup"), {"identifier": value})
    assert response.status_code == 400 and response.json()["error"]
    admin_page = client.post(reverse("admin:references_reference_lookup"), {"identifier": value})
    assert admin_page.status_code == 200 and "errorlist" in admin_page.content.decode()
    assert footprint() == before


@pytest.mark.parametrize("value", [*TEXT.values(), *WRONG])
def test_reference_search_answers_any_query(value, client, editor):
    client.force_login(editor)
    response = client.get(reverse("references:search"), {"q": value[:5000]})
    assert response.status_code == 200 and response.json()["results"] == []


# --- staff forms -----------------------------------------------------------------------


def _article_form(article, **overrides):
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "audience": article.audience,
        "review_interval_months": article.review_interval_months,
        "comment": "",
        "expected_lock_version": article.lock_version,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("field", ["title", "summary", "body", "comment", "slug"])
@pytest.mark.parametrize("name", sorted(TEXT))
def test_article_admin_form(field, name, client, editor, draft):
    client.force_login(editor)
    before = footprint()
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.post(url, _article_form(draft, **{field: TEXT[name]}))
    assert response.status_code in {200, 302}
    assert_stored_text_is_clean()
    if response.status_code == 200:  # refused: the form says why, nothing changed
        assert "errorlist" in response.content.decode() or "errornote" in response.content.decode()
        assert footprint() == before


@pytest.mark.parametrize("field", ["review_interval_months", "expected_lock_version", "audience"])
@pytest.mark.parametrize("value", WRONG)
def test_article_admin_form_wrong_types(field, value, client, editor, draft):
    client.force_login(editor)
    before = footprint()
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.post(url, _article_form(draft, **{field: value}))
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert footprint() == before


def test_a_5_mb_body_is_refused_with_the_limit_named(client, editor, draft):
    client.force_login(editor)
    before = footprint()
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.post(url, _article_form(draft, body="x" * 5 * 1024 * 1024))
    assert response.status_code == 200
    assert "the maximum is 200 KB" in response.content.decode()
    assert footprint() == before


@pytest.mark.parametrize("name", sorted(TEXT))
def test_reference_admin_form(name, client, editor):
    client.force_login(editor)
    before = footprint()
    for field in ("title", "authors_lines", "doi", "pmid", "container_title", "year"):
        data = {"kind": "research", "title": "A title", "year": "2020", field: TEXT[name]}
        response = client.post(reverse("admin:references_reference_add"), data)
        assert response.status_code in {200, 302}, field
        assert_stored_text_is_clean()
    if name in {"rtl_override", "zero_width", "huge", "deep_brackets"}:
        assert Reference.objects.filter(title__contains="\u202e").count() == 0
    del before


@pytest.mark.parametrize("name", sorted(TEXT))
def test_board_member_admin_form(name, client, admin_user, member):
    client.force_login(admin_user)
    url = reverse("admin:review_boardmember_change", args=[member.pk])
    for field in ("display_name", "credentials", "specialties", "bio"):
        data = {
            "user": member.user_id,
            "display_name": member.display_name,
            "credentials": member.credentials,
            "is_active": "on",
            field: TEXT[name],
        }
        response = client.post(url, data)
        assert response.status_code in {200, 302}, field
        assert_stored_text_is_clean()


# --- the editorial screens ---------------------------------------------------------------


def _review_posts(assigned):
    article, pk = assigned.article, assigned.pk
    return {
        "comment": (reverse("review:comment", args=[article.pk]), ["body", "quote", "parent"]),
        "decide": (
            reverse("review:decide", args=[pk]),
            ["decision", "comment", "seen_version", "seen_content_hash", "evidence_checked"],
        ),
        "decline": (reverse("review:decline", args=[pk]), ["reason", "conflict"]),
        "assign": (
            reverse("review:assign", args=[article.pk]),
            ["reviewer", "due_date", "comment"],
        ),
        "withdraw": (reverse("review:withdraw", args=[pk]), ["reason"]),
    }


# A post of only this field is a complete, valid action when the text is acceptable.
ACCEPTS_TEXT = {("comment", "body"), ("decline", "reason"), ("withdraw", "reason")}


@pytest.mark.parametrize("form", ["comment", "decide", "decline", "assign", "withdraw"])
def test_every_editorial_form_with_hostile_values(form, client, assigned, editor2, board_member):
    url, fields = _review_posts(assigned)[form]
    user = editor2 if form in {"assign", "withdraw"} else board_member
    client.force_login(user)
    for field in fields:
        for value in [*TEXT.values(), *WRONG]:
            before = footprint()
            response = client.post(url, {field: value}, follow=True)
            assert response.status_code == 200, (form, field, value[:20])
            assert_stored_text_is_clean()
            if footprint() != before:  # accepted as text (a comment, a reason): stored clean
                assert (form, field) in ACCEPTS_TEXT, (form, field, value[:20])
                assert 'class="success"' in messages_of(response)
                continue
            page = messages_of(response)  # a message, or the form's own error list
            assert 'class="error"' in page or "errorlist" in page, (form, field, value[:20])
