import json
from datetime import date

import pytest

from references.data import Kind, ReferenceData, organisation, person
from references.exporters import export_csl_json, export_ris
from references.importers import parse_references

ALL_KINDS = [
    ReferenceData(
        kind=Kind.RESEARCH,
        title="Bacterial pyomyositis in the United States",
        authors=[person("Crum", "Nancy F.")],
        container_title="The American Journal of Medicine",
        container_title_short="Am J Med",
        year=2004,
        published=date(2004, 9, 15),
        volume="117",
        issue="6",
        pages="420-428",
        doi="10.1016/j.amjmed.2004.03.031",
        pmid="15380499",
    ),
    ReferenceData(
        kind=Kind.REVIEW,
        title="Iliopsoas abscesses",
        authors=[person("Mallick", "I. H."), person("Thoufeeq", "M. H.")],
        container_title="Postgraduate Medical Journal",
        year=2004,
        pages="459-462",
    ),
    ReferenceData(
        kind=Kind.GUIDELINE,
        title="Clinical practice guideline for the management of pyomyositis",
        issuing_body="Infectious Diseases Society of America",
        publisher="IDSA",
        year=2020,
        url="https://www.idsociety.org/practice-guideline/",
        accessed=date(2024, 5, 1),
    ),
    ReferenceData(
        kind=Kind.BOOK,
        title="Principles and practice of infectious diseases",
        authors=[person("Bennett", "John E.")],
        publisher="Elsevier",
        publisher_place="Philadelphia, PA",
        edition="9",
        year=2019,
    ),
    ReferenceData(
        kind=Kind.BOOK,
        title="Myositis and pyomyositis",
        authors=[person("Stevens", "Dennis L.")],
        container_title="Principles and practice of infectious diseases",
        publisher="Elsevier",
        year=2019,
        pages="1275-1284",
    ),
    ReferenceData(
        kind=Kind.WEB,
        title="Psoas abscess",
        authors=[organisation("National Organization for Rare Disorders")],
        container_title="Rare Disease Database",
        year=2023,
        published=date(2023, 3, 14),
        url="https://rarediseases.org/rare-diseases/psoas-abscess/",
        accessed=date(2024, 5, 1),
    ),
    ReferenceData(
        kind=Kind.DRUG_LABEL,
        title="Vancomycin hydrochloride for injection",
        manufacturer="Pfizer Laboratories Div Pfizer Inc",
        publisher="Pfizer Laboratories Div Pfizer Inc",
        publisher_place="New York, NY",
        year=2023,
        revised=date(2023, 6, 1),
        label_set_id="2c8d5e1e-8b3d-4d3a",
        url="https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=2c8d5e1e-8b3d-4d3a",
        accessed=date(2024, 5, 2),
    ),
]


@pytest.mark.parametrize("export", [export_ris, export_csl_json])
def test_round_trip_all_kinds(export):
    result = parse_references(export(ALL_KINDS))
    assert result.errors == []
    assert result.entries == ALL_KINDS


@pytest.mark.parametrize(
    "name", ["sample.ris", "sample.bib", "sample.nbib", "sample_pubmed.xml", "sample.csl.json"]
)
@pytest.mark.parametrize("export", [export_ris, export_csl_json])
def test_round_trip_of_imported_samples(read_data, name, export):
    entries = parse_references(read_data(name)).entries
    assert parse_references(export(entries)).entries == entries


def test_ris_shape():
    text = export_ris(ALL_KINDS[:1])
    lines = text.splitlines()
    assert lines[0] == "TY  - JOUR"
    assert "AU  - Crum, Nancy F." in lines
    assert "AN  - 15380499" in lines
    assert "DB  - PubMed" in lines
    assert (lines[-3], lines[-2]) == ("SP  - 420", "EP  - 428")
    assert lines[-1].startswith("ER  -")
    assert not any(line.strip() == "1." for line in lines)


def test_ris_type_of_work_marks_reviews_guidelines_and_labels():
    text = export_ris(ALL_KINDS)
    assert "M3  - Review" in text
    assert "TY  - RPRT" in text and "M3  - Practice Guideline" in text
    assert "TY  - GEN" in text and "M3  - Package Insert" in text
    assert "TY  - CHAP" in text


def test_csl_json_shape_and_ids():
    items = json.loads(export_csl_json(ALL_KINDS[:2], ids=["crum2004", "mallick2004"]))
    assert [i["id"] for i in items] == ["crum2004", "mallick2004"]
    first = items[0]
    assert first["type"] == "article-journal"
    assert first["issued"] == {"date-parts": [[2004, 9, 15]]}
    assert first["DOI"] == "10.1016/j.amjmed.2004.03.031"
    assert first["custom"] == {"kind": "research"}


def test_csl_json_ids_must_match_entries():
    with pytest.raises(ValueError):
        export_csl_json(ALL_KINDS[:2], ids=["only-one"])
