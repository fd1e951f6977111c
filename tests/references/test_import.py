"""Importing reference files: every format, partly broken files, foreign files, re-imports."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleStatus
from references import services
from references.exceptions import ReferenceImportRefused, ReferenceLibraryError
from references.models import Citation, Reference
from tests.articles.factories import ArticleFactory


def run_import(actor, data_dir, name, **kwargs):
    return services.reference_import(
        actor=actor, content=(data_dir / name).read_bytes(), filename=name, **kwargs
    )


@pytest.mark.parametrize(
    ("name", "label", "count", "some_key"),
    [
        ("sample.ris", "RIS", 4, "stevens2014"),
        ("sample.bib", "BibTeX", 5, "liu2011"),
        ("sample.nbib", "PubMed/MEDLINE (.nbib)", 3, "chiedozi1979"),
        ("sample_pubmed.xml", "PubMed XML", 2, "mallick2004"),
        ("sample.csl.json", "CSL-JSON", 3, "crum2004"),
    ],
)
def test_each_format_imports_and_reimporting_adds_nothing(
    editor, data_dir, name, label, count, some_key
):
    report = run_import(editor, data_dir, name)
    assert report.format_label == label
    assert report.summary == f"Imported {count}, matched 0 existing, 0 errors"
    assert Reference.objects.count() == count
    assert Reference.objects.filter(key=some_key).exists()
    assert all(r.formatted_html for r in Reference.objects.all())

    again = run_import(editor, data_dir, name)
    assert again.summary == f"Imported 0, matched {count} existing, 0 errors"
    assert Reference.objects.count() == count


def test_the_same_work_from_two_formats_is_stored_once(editor, data_dir):
    run_import(editor, data_dir, "sample.ris")
    report = run_import(editor, data_dir, "sample.nbib")
    # The 2014 IDSA guideline (DOI and PMID) and Mallick 2004 (DOI) are already there.
    assert sorted(r.key for r in report.matched) == ["mallick2004", "stevens2014"]
    assert [r.key for r in report.created] == ["chiedozi1979"]
    assert Reference.objects.filter(doi="10.1093/cid/ciu296").count() == 1


@pytest.mark.parametrize(
    ("name", "imported", "errors"),
    [
        (
            "broken.ris",
            2,
            [
                "Entry 2, line 14: the entry has no title",
                "Entry 4, line 33: the entry has no 'TY  -' start line",
            ],
        ),
        (
            "broken.bib",
            2,
            [
                "Entry 2, line 8: the entry has no title",
                "Entry 3, line 14: BibTeX could not be read (syntax error: look for an "
                "unclosed brace or quote, or a missing comma)",
            ],
        ),
        ("broken.nbib", 1, ["Entry 2, line 14: the entry has no title"]),
        (
            "broken.csl.json",
            1,
            ["Entry 2: the entry has no title", "Entry 3: the entry is not a JSON object"],
        ),
    ],
)
def test_a_partly_broken_file_imports_the_good_entries_and_reports_each_bad_one(
    editor, data_dir, name, imported, errors
):
    report = run_import(editor, data_dir, name)
    assert len(report.created) == imported
    assert report.errors == errors
    assert Reference.objects.count() == imported


def test_an_entry_the_library_refuses_is_reported_with_its_position(editor):
    ris = (
        "TY  - JOUR\nTI  - Good one\nAU  - Crum, Nancy\nPY  - 2004\nER  - \n\n"
        "TY  - JOUR\nTI  - Bad link\nAU  - Doe, Jane\nPY  - 2005\nUR  - not a url\nER  - \n"
    )
    report = services.reference_import(actor=editor, content=ris, filename="mixed.ris")
    assert [r.key for r in report.created] == ["crum2004"]
    assert report.errors == ["Entry 2: The reference cannot be saved: url: Enter a valid URL."]
    assert Reference.objects.count() == 1


def test_a_file_in_no_supported_format_is_refused_and_nothing_is_imported(editor, data_dir):
    with pytest.raises(ReferenceImportRefused) as refused:
        run_import(editor, data_dir, "not_references.txt")
    assert refused.value.message == (
        "Nothing was imported: 'not_references.txt' is not a reference file we can read. "
        "Export your references as RIS, PubMed/MEDLINE (.nbib), PubMed XML, CSL-JSON, BibTeX."
    )
    assert not Reference.objects.exists()


def test_import_for_an_article_attaches_every_reference(editor, data_dir):
    article = ArticleFactory(author=editor, body="Cited already [@mallick2004].")
    run_import(editor, data_dir, "sample.ris", article=article)
    citations = Citation.objects.filter(article=article).select_related("reference")
    assert {c.reference.key: c.number for c in citations} == {
        "mallick2004": 1,
        "stevens2014": None,
        "bennett2019": None,
        "nord2023": None,
    }


@pytest.mark.parametrize(
    ("state", "refusal"),
    [
        (ArticleStatus.APPROVED, "is approved: start a revision before attaching references."),
        (ArticleStatus.ARCHIVED, "is archived: restore it before attaching references."),
    ],
)
def test_import_for_an_approved_or_archived_article_is_refused_and_imports_nothing(
    editor, data_dir, state, refusal
):
    article = ArticleFactory(author=editor, title="What is psoas myositis?", body="No marks.")
    Article.objects.filter(pk=article.pk).update(status=state)  # only the state matters here
    with pytest.raises(ReferenceLibraryError, match=f"“What is psoas myositis\\?” {refusal}"):
        run_import(editor, data_dir, "sample.ris", article=article)
    assert Reference.objects.count() == 0
    assert Citation.objects.count() == 0


def test_board_members_cannot_import(board_member, data_dir):
    with pytest.raises(services.ActionForbidden, match="not allow you to import references"):
        run_import(board_member, data_dir, "sample.ris")
    assert not Reference.objects.exists()


# --- the management command ----------------------------------------------------------


def test_command_prints_a_summary_and_each_error(editor, data_dir, capsys):
    call_command("import_references", str(data_dir / "broken.ris"), "--as", editor.username)
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Imported 2, matched 0 existing, 2 errors.",
        "  Entry 2, line 14: the entry has no title",
        "  Entry 4, line 33: the entry has no 'TY  -' start line",
    ]
    assert Reference.history.filter(history_user=editor).count() == 2


def test_command_attaches_to_an_article_and_defaults_to_the_first_superuser(
    editor, data_dir, capsys, django_user_model
):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    article = ArticleFactory(author=editor)
    call_command("import_references", str(data_dir / "sample.nbib"), "--article", article.slug)
    assert "Imported 3, matched 0 existing, 0 errors." in capsys.readouterr().out
    assert Citation.objects.filter(article=article).count() == 3
    assert set(Reference.history.values_list("history_user", flat=True)) == {root.pk}


def test_command_refuses_an_unsupported_file_with_a_non_zero_exit(editor, data_dir):
    with pytest.raises(CommandError, match="is not a reference file we can read"):
        call_command(
            "import_references", str(data_dir / "not_references.txt"), "--as", editor.username
        )
    assert not Reference.objects.exists()


def test_command_without_a_user_to_act_as_explains(db, data_dir):
    with pytest.raises(CommandError, match="Pass --as USERNAME"):
        call_command("import_references", str(data_dir / "sample.ris"))


def test_command_with_an_unknown_article(editor, data_dir):
    with pytest.raises(CommandError, match="No article has the slug 'nope'"):
        call_command(
            "import_references", str(data_dir / "sample.ris"), "--article", "nope", "--as",
            editor.username,
        )  # fmt: skip
