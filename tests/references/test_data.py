from datetime import date

from references.data import Kind, ReferenceData, organisation, person, split_name


def test_to_dict_is_json_friendly_and_round_trips():
    data = ReferenceData(
        kind=Kind.DRUG_LABEL,
        title="Label",
        authors=[organisation("Pfizer Inc")],
        revised=date(2023, 6, 1),
        accessed=date(2024, 5, 2),
    )
    as_dict = data.to_dict()
    assert as_dict["kind"] == "drug_label"
    assert as_dict["revised"] == "2023-06-01"
    assert as_dict["published"] is None
    assert ReferenceData.from_dict(as_dict) == data


def test_from_dict_ignores_unknown_keys():
    assert ReferenceData.from_dict({"title": "T", "colour": "blue"}) == ReferenceData(title="T")


def test_names():
    assert split_name("Stevens, Dennis L.") == person("Stevens", "Dennis L.")
    assert split_name("Cher") == {"family": "Cher", "given": ""}
    assert organisation(" WHO ") == {"literal": "WHO"}
