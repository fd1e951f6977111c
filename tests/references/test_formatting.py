"""AMA 11th edition output, compared with hand-written expected strings per kind."""

from datetime import date

import pytest

from references.data import Kind, ReferenceData, organisation, person
from references.formatting import FormattedReference, format_reference, format_references

SEVEN = [
    person("Stevens", "Dennis L."),
    person("Bisno", "Alan L."),
    person("Chambers", "Henry F."),
    person("Dellinger", "E. Patchen"),
    person("Goldstein", "Ellie J. C."),
    person("Gorbach", "Sherwood L."),
    person("Hirschmann", "Jan V."),
]
SSTI_TITLE = (
    "Practice guidelines for the diagnosis and management of skin and soft tissue "
    "infections: 2014 update by the Infectious Diseases Society of America"
)


def journal_article(**changes) -> ReferenceData:
    values = {
        "kind": Kind.RESEARCH,
        "title": SSTI_TITLE,
        "authors": SEVEN,
        "container_title": "Clinical Infectious Diseases",
        "container_title_short": "Clin Infect Dis",
        "year": 2014,
        "volume": "59",
        "issue": "2",
        "pages": "e10-e52",
        "doi": "10.1093/cid/ciu296",
        "pmid": "24973422",
    }
    values.update(changes)
    return ReferenceData(**values)


def test_journal_article_seven_authors_gives_three_and_et_al():
    result = format_reference(journal_article())
    assert result.text == (
        f"Stevens DL, Bisno AL, Chambers HF, et al. {SSTI_TITLE}. "
        "Clin Infect Dis. 2014;59(2):e10-e52. doi:10.1093/cid/ciu296"
    )
    assert result.html == (
        f"Stevens DL, Bisno AL, Chambers HF, et al. {SSTI_TITLE}. "
        "<i>Clin Infect Dis</i>. 2014;59(2):e10-e52. doi:10.1093/cid/ciu296"
    )


def test_journal_article_six_authors_are_all_listed():
    result = format_reference(journal_article(authors=SEVEN[:6], kind=Kind.REVIEW))
    assert result.text.startswith(
        "Stevens DL, Bisno AL, Chambers HF, Dellinger EP, Goldstein EJC, Gorbach SL. Practice"
    )


def test_journal_without_abbreviation_uses_full_title_and_no_doi():
    data = ReferenceData(
        title="Iliopsoas abscesses",
        authors=[person("Mallick", "I. H."), person("Thoufeeq", "M. H.")],
        container_title="Postgraduate Medical Journal",
        year=2004,
        volume="80",
        issue="946",
        pages="459-462",
    )
    assert format_reference(data).text == (
        "Mallick IH, Thoufeeq MH. Iliopsoas abscesses. "
        "Postgraduate Medical Journal. 2004;80(946):459-462."
    )


def test_article_published_online_ahead_of_print():
    data = ReferenceData(
        title="Pyomyositis in children",
        authors=[person("Okafor", "Chidi")],
        container_title_short="J Pediatr",
        container_title="Journal of Pediatrics",
        published=date(2024, 3, 5),
        year=2024,
        doi="10.1016/j.jpeds.2024.113999",
    )
    assert format_reference(data).text == (
        "Okafor C. Pyomyositis in children. J Pediatr. Published online March 5, 2024. "
        "doi:10.1016/j.jpeds.2024.113999"
    )


def test_guideline_in_a_journal_is_formatted_as_an_article():
    data = journal_article(kind=Kind.GUIDELINE, issuing_body="IDSA")
    assert format_reference(data).text.endswith(
        "Clin Infect Dis. 2014;59(2):e10-e52. doi:10.1093/cid/ciu296"
    )


def test_standalone_guideline_with_organisation_as_author():
    data = ReferenceData(
        kind=Kind.GUIDELINE,
        title="Clinical practice guideline for the management of pyomyositis",
        issuing_body="Infectious Diseases Society of America",
        year=2020,
        url="https://www.idsociety.org/practice-guideline/pyomyositis/",
        accessed=date(2024, 5, 1),
    )
    result = format_reference(data)
    assert result.text == (
        "Infectious Diseases Society of America. Clinical Practice Guideline for the "
        "Management of Pyomyositis. Infectious Diseases Society of America; 2020. "
        "Accessed May 1, 2024. https://www.idsociety.org/practice-guideline/pyomyositis/"
    )
    assert "<i>Clinical Practice Guideline for the Management of Pyomyositis</i>" in result.html


def test_book_with_edition():
    data = ReferenceData(
        kind=Kind.BOOK,
        title="Mandell, Douglas, and Bennett's principles and practice of infectious diseases",
        authors=[
            person("Bennett", "John E."),
            person("Dolin", "Raphael"),
            person("Blaser", "Martin J."),
        ],
        edition="9",
        publisher="Elsevier",
        publisher_place="Philadelphia, PA",
        year=2019,
    )
    assert format_reference(data) == FormattedReference(
        html=(
            "Bennett JE, Dolin R, Blaser MJ. <i>Mandell, Douglas, and Bennett's Principles "
            "and Practice of Infectious Diseases</i>. 9th ed. Elsevier; 2019."
        ),
        text=(
            "Bennett JE, Dolin R, Blaser MJ. Mandell, Douglas, and Bennett's Principles "
            "and Practice of Infectious Diseases. 9th ed. Elsevier; 2019."
        ),
    )


def test_book_chapter():
    data = ReferenceData(
        kind=Kind.BOOK,
        title="Myositis and pyomyositis",
        authors=[person("Stevens", "Dennis L.")],
        container_title="Principles and Practice of Infectious Diseases",
        edition="9",
        publisher="Elsevier",
        year=2019,
        pages="1275-1284",
    )
    assert format_reference(data).text == (
        "Stevens DL. Myositis and pyomyositis. In: Principles and Practice of Infectious "
        "Diseases. 9th ed. Elsevier; 2019:1275-1284."
    )


def test_web_page_says_published():
    data = ReferenceData(
        kind=Kind.WEB,
        title="Psoas abscess",
        authors=[organisation("National Organization for Rare Disorders")],
        container_title="Rare Disease Database",
        published=date(2023, 3, 14),
        year=2023,
        url="https://rarediseases.org/rare-diseases/psoas-abscess/",
        accessed=date(2024, 5, 1),
    )
    assert format_reference(data).text == (
        "National Organization for Rare Disorders. Psoas abscess. Rare Disease Database. "
        "Published March 14, 2023. Accessed May 1, 2024. "
        "https://rarediseases.org/rare-diseases/psoas-abscess/"
    )


def test_web_page_without_author_starts_with_title_once():
    data = ReferenceData(
        kind=Kind.WEB,
        title="Pyomyositis",
        container_title="DermNet",
        url="https://dermnetnz.org/topics/pyomyositis",
        accessed=date(2024, 5, 1),
    )
    assert format_reference(data).text == (
        "Pyomyositis. DermNet. Accessed May 1, 2024. https://dermnetnz.org/topics/pyomyositis"
    )


def test_drug_label():
    data = ReferenceData(
        kind=Kind.DRUG_LABEL,
        title="Vancomycin hydrochloride for injection",
        manufacturer="Pfizer Inc",
        publisher_place="New York, NY",
        revised=date(2023, 6, 1),
        accessed=date(2024, 5, 2),
        url="https://labeling.pfizer.com/ShowLabeling.aspx?id=12345",
    )
    expected = (
        "Pfizer Inc. Vancomycin hydrochloride for injection [package insert]. "
        "New York, NY: Pfizer Inc; Revised June 2023. Accessed May 2, 2024. "
        "https://labeling.pfizer.com/ShowLabeling.aspx?id=12345"
    )
    result = format_reference(data)
    assert result.text == expected
    assert result.html == expected.replace("&", "&amp;")


def test_drug_label_without_place_or_url_uses_dailymed():
    data = ReferenceData(
        kind=Kind.DRUG_LABEL,
        title="Clindamycin injection",
        manufacturer="Fresenius Kabi USA, LLC",
        year=2021,
        label_set_id="2c8d5e1e-8b3d-4d3a",
    )
    assert format_reference(data).text == (
        "Fresenius Kabi USA, LLC. Clindamycin injection [package insert]. "
        "Fresenius Kabi USA, LLC; 2021. "
        "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=2c8d5e1e-8b3d-4d3a"
    )


@pytest.mark.parametrize("kind", [Kind.RESEARCH, Kind.BOOK, Kind.WEB, Kind.DRUG_LABEL])
def test_html_is_escaped(kind):
    data = ReferenceData(
        kind=kind,
        title='Abscess <script>alert("x")</script> & "drainage"',
        authors=[organisation("Smith & Sons <b>")],
        manufacturer="Smith & Sons <b>",
        container_title="J <i>Inf</i>",
        year=2020,
    )
    result = format_reference(data)
    assert "<script>" not in result.html
    assert "&lt;script&gt;" in result.html
    assert "Smith &amp; Sons &lt;b&gt;" in result.html
    assert "<script>" in result.text  # plain text is not HTML: it stays as written


def test_private_use_characters_cannot_forge_italics():
    data = ReferenceData(title="Forged \ue000italic\ue001", container_title="J", year=2020)
    result = format_reference(data)
    assert "<i>italic" not in result.html
    assert "\ue000" not in result.text


def test_question_mark_title_gets_no_extra_full_stop():
    data = ReferenceData(
        title="Is psoas abscess rare?",
        authors=[person("Smith", "J")],
        container_title="BMJ",
        year=2001,
        volume="1",
        pages="1-2",
    )
    assert format_reference(data).text == "Smith J. Is psoas abscess rare? BMJ. 2001;1:1-2."


def test_format_references_keeps_order_across_engines():
    entries = [
        journal_article(),
        ReferenceData(kind=Kind.DRUG_LABEL, title="Label", manufacturer="Maker", year=2020),
        journal_article(title="Second article"),
    ]
    results = format_references(entries)
    assert results[0].text.startswith("Stevens DL")
    assert results[1].text.startswith("Maker. Label [package insert].")
    assert "Second article" in results[2].text
    assert format_references([]) == []


def test_forty_references_are_formatted_in_one_call_in_order():
    """An approval formats every cited reference at once (its time: ``bench/run_all.py``)."""
    entries = [journal_article(title=f"Article {n}") for n in range(40)]
    results = format_references(entries)
    assert [f"Article {n}" in r.text for n, r in enumerate(results)] == [True] * 40
