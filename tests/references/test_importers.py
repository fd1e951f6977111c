from datetime import date

import pytest

from references.data import Kind
from references.importers import (
    EntryError,
    UnsupportedFormat,
    detect_format,
    parse_references,
)
from references.importers.common import expand_page_range, parse_loose_date


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sample.ris", "ris"),
        ("sample.bib", "bibtex"),
        ("sample.nbib", "nbib"),
        ("sample_pubmed.xml", "pubmed_xml"),
        ("sample.csl.json", "csljson"),
    ],
)
def test_detect_format_by_content(read_data, name, expected):
    text = read_data(name)
    assert detect_format(name, text) == expected
    assert detect_format("export.txt", text) == expected  # the name does not matter
    assert detect_format(None, text) == expected


def test_unsupported_text_raises_with_the_formats_listed(read_data):
    with pytest.raises(UnsupportedFormat) as caught:
        parse_references(read_data("not_references.txt"), "notes.txt")
    message = str(caught.value)
    assert message.startswith("'notes.txt' is not a reference file we can read")
    for name in ("RIS", "BibTeX", "PubMed/MEDLINE", "PubMed XML", "CSL-JSON"):
        assert name in message


@pytest.mark.parametrize("text", ["", "   \n", "{}", "[1, 2]", "<html></html>"])
def test_other_unsupported_inputs(text):
    with pytest.raises(UnsupportedFormat, match="'upload.ris' is (empty|not a reference file)"):
        parse_references(text, "upload.ris")


def test_bytes_with_bom_are_accepted(read_data):
    raw = "\ufeff".encode() + read_data("sample.ris").encode()
    assert len(parse_references(raw).entries) == 4


def test_ris(read_data):
    result = parse_references(read_data("sample.ris"), "sample.ris")
    assert result.format == "ris"
    assert result.errors == []
    guideline, review, book, web = result.entries
    assert guideline.kind == Kind.GUIDELINE
    assert guideline.authors[0] == {"family": "Stevens", "given": "Dennis L."}
    assert len(guideline.authors) == 10
    assert (guideline.container_title, guideline.container_title_short) == (
        "Clinical Infectious Diseases",
        "Clin Infect Dis",
    )
    assert (guideline.year, guideline.published) == (2014, date(2014, 7, 15))
    assert (guideline.volume, guideline.issue, guideline.pages) == ("59", "2", "e10-e52")
    assert (guideline.doi, guideline.pmid) == ("10.1093/cid/ciu296", "24973422")
    assert review.kind == Kind.REVIEW
    assert review.pmid == ""  # no database named: AN is not assumed to be a PMID
    assert (book.kind, book.edition, book.publisher, book.publisher_place) == (
        Kind.BOOK,
        "9",
        "Elsevier",
        "Philadelphia, PA",
    )
    assert web.kind == Kind.WEB
    assert web.authors == [{"literal": "National Organization for Rare Disorders"}]
    assert web.accessed == date(2024, 5, 1)
    assert web.url == "https://rarediseases.org/rare-diseases/psoas-abscess/"


def test_ris_partly_broken(read_data):
    result = parse_references(read_data("broken.ris"), "broken.ris")
    assert [e.title for e in result.entries] == [
        "Bacterial pyomyositis in the United States",
        "Pyomyositis. Review of 205 cases in 112 patients",
    ]
    assert result.errors == [
        EntryError(entry=2, line=14, reason="the entry has no title"),
        EntryError(entry=4, line=33, reason="the entry has no 'TY  -' start line"),
    ]
    assert result.errors[0].message == "Entry 2, line 14: the entry has no title"


def test_ris_last_entry_without_er_is_still_read():
    text = "TY  - JOUR\nTI  - Pyomyositis\nPY  - 2001\n"
    result = parse_references(text)
    assert [e.title for e in result.entries] == ["Pyomyositis"]


def test_bibtex(read_data):
    result = parse_references(read_data("sample.bib"), "sample.bib")
    assert result.format == "bibtex"
    assert result.errors == []
    liu, crum, mandell, who, mueller = result.entries
    assert liu.kind == Kind.GUIDELINE
    assert len(liu.authors) == 13
    assert liu.title.startswith("Clinical Practice Guidelines by the Infectious Diseases")
    assert "{" not in liu.title
    assert (liu.pages, liu.doi, liu.pmid) == ("e18-e55", "10.1093/cid/ciq146", "21208910")
    assert liu.container_title_short == "Clin Infect Dis"
    assert crum.doi == "10.1016/j.amjmed.2004.03.031"  # resolver URL stripped
    assert crum.year == 2004
    assert mandell.kind == Kind.BOOK
    assert mandell.authors[0] == {"family": "Bennett", "given": "John E."}  # "First Last"
    assert who.kind == Kind.WEB
    assert who.authors == [{"literal": "World Health Organization"}]
    assert who.accessed == date(2024, 5, 1)
    assert mueller.authors == [
        {"family": "Müller", "given": "Jörg"},
        {"family": "García", "given": "Ana"},
    ]


def test_bibtex_partly_broken(read_data):
    result = parse_references(read_data("broken.bib"), "broken.bib")
    assert [e.title for e in result.entries] == [
        "Bacterial pyomyositis in the United States",
        "Principles and Practice of Infectious Diseases",
    ]
    assert [(e.entry, e.line) for e in result.errors] == [(2, 8), (3, 14)]
    assert result.errors[0].reason == "the entry has no title"
    assert result.errors[1].reason.startswith("BibTeX could not be read")


def test_nbib(read_data):
    result = parse_references(read_data("sample.nbib"), "pubmed-psoas.nbib")
    assert result.format == "nbib"
    assert result.errors == []
    stevens, mallick, chiedozi = result.entries
    assert stevens.kind == Kind.GUIDELINE
    assert stevens.title == SSTI_TITLE  # continuation joined, final period dropped
    assert stevens.container_title.startswith("Clinical infectious diseases : an official")
    assert stevens.container_title_short == "Clin Infect Dis"
    assert stevens.authors[0] == {"family": "Stevens", "given": "Dennis L"}
    assert stevens.authors[-1] == {"literal": "Infectious Diseases Society of America"}
    assert len(stevens.authors) == 11
    assert (stevens.year, stevens.published) == (2014, date(2014, 7, 15))
    assert (stevens.pages, stevens.doi, stevens.pmid) == (
        "e10-e52",
        "10.1093/cid/ciu296",
        "24973422",
    )
    assert (mallick.kind, mallick.pages, mallick.year, mallick.published) == (
        Kind.REVIEW,
        "459-462",
        2004,
        None,
    )
    assert chiedozi.authors == [{"family": "Chiedozi", "given": "LC"}]  # AU only
    assert chiedozi.kind == Kind.RESEARCH  # "Review of 205 cases" in a title is no review


def test_nbib_partly_broken(read_data):
    result = parse_references(read_data("broken.nbib"))
    assert [e.pmid for e in result.entries] == ["15380499"]
    assert [e.message for e in result.errors] == ["Entry 2, line 14: the entry has no title"]


def test_pubmed_xml(read_data):
    result = parse_references(read_data("sample_pubmed.xml"), "efetch.xml")
    assert result.format == "pubmed_xml"
    liu, mallick = result.entries
    assert liu.kind == Kind.GUIDELINE
    assert liu.title == (
        "Clinical practice guidelines by the infectious diseases society of america for the "
        "treatment of methicillin-resistant Staphylococcus aureus infections in adults and "
        "children"
    )
    assert liu.container_title_short == "Clin Infect Dis"  # MedlineTA, not ISO "Clin. Infect. Dis."
    assert liu.authors[-1] == {"literal": "Infectious Diseases Society of America"}
    assert (liu.pages, liu.doi, liu.pmid, liu.published) == (
        "e18-e55",
        "10.1093/cid/ciq146",
        "21208910",
        date(2011, 2, 1),
    )
    assert mallick.kind == Kind.REVIEW
    assert mallick.doi == "10.1136/pgmj.2003.017665"  # from ArticleIdList


def test_pubmed_xml_broken_and_unsafe():
    broken = parse_references("<PubmedArticleSet><PubmedArticle></PubmedArticleSet>")
    assert broken.entries == []
    assert broken.errors[0].reason.startswith("the XML is not well formed")
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY a "aaaa">]>'
        "<PubmedArticleSet><PubmedArticle>&a;</PubmedArticle></PubmedArticleSet>"
    )
    unsafe = parse_references(bomb)
    assert unsafe.entries == []
    assert "unsafe" in unsafe.errors[0].reason


def test_pubmed_xml_article_without_title():
    text = (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        "<ArticleTitle></ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        "</PubmedArticleSet>"
    )
    result = parse_references(text)
    assert result.errors == [EntryError(entry=1, line=None, reason="the entry has no title")]


def test_csl_json(read_data):
    result = parse_references(read_data("sample.csl.json"), "zotero.json")
    assert result.format == "csljson"
    crum, guideline, label = result.entries
    assert (crum.kind, crum.published, crum.pmid) == (Kind.RESEARCH, date(2004, 9, 15), "15380499")
    assert guideline.kind == Kind.GUIDELINE  # from the genre
    assert guideline.accessed == date(2024, 5, 1)
    assert label.kind == Kind.DRUG_LABEL  # from custom.kind
    assert (label.manufacturer, label.revised) == (
        "Pfizer Laboratories Div Pfizer Inc",
        date(2023, 6, 1),
    )


def test_csl_json_partly_broken(read_data):
    result = parse_references(read_data("broken.csl.json"))
    assert [e.title for e in result.entries] == ["Iliopsoas abscesses"]
    assert [e.message for e in result.errors] == [
        "Entry 2: the entry has no title",
        "Entry 3: the entry is not a JSON object",
    ]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("e10-52", "e10-e52"),
        ("1123-9", "1123-1129"),
        ("459-62", "459-462"),
        ("420--428", "420-428"),
        ("420\u2013428", "420-428"),
        ("taaa051", "taaa051"),
        ("S1-S12", "S1-S12"),
        ("", ""),
    ],
)
def test_expand_page_range(pages, expected):
    assert expand_page_range(pages) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014 Jul 15", (2014, date(2014, 7, 15))),
        ("2014/07/15/", (2014, date(2014, 7, 15))),
        ("2014 Jul", (2014, None)),
        ("2013 Winter", (2013, None)),
        ("2014 Feb 30", (2014, None)),
        ("Spring 2019", (2019, None)),
        ("", (None, None)),
    ],
)
def test_parse_loose_date(text, expected):
    assert parse_loose_date(text) == expected


SSTI_TITLE = (
    "Practice guidelines for the diagnosis and management of skin and soft tissue "
    "infections: 2014 update by the Infectious Diseases Society of America"
)
