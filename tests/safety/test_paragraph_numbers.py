"""Warnings number the paragraphs people see: headings are not paragraphs."""

from references.markers import unknown_keys
from safety.claims import analyse

BODY = (
    "## From the Guidelines\n\n"
    "Psoas myositis is an infection of the muscle.\n\n"
    "## From the Research\n\n"
    "Give 500 mg twice daily.\n"
)


def test_a_claim_after_two_headings_is_in_the_second_paragraph():
    analysis = analyse(BODY)
    assert analysis.uncovered_messages() == [
        "uncited claim (dosing, recommendation) in paragraph 2: “Give 500 mg twice daily.” "
        "(cite a source in this sentence or the next)"
    ]


def test_a_heading_directly_above_its_text_is_not_counted_either():
    body = "# Treatment\nIntro text here.\n\n### Dosing\nGive 500 mg twice daily.\n"
    [claim] = analyse(body).uncovered
    assert claim.where == "paragraph 2"


def test_unknown_citation_keys_are_numbered_the_same_way():
    body = "## From the Research\n\nFirst paragraph.\n\n## More\n\nSecond [@nobody2020].\n"
    [unknown] = unknown_keys(body, known=set())
    assert unknown.message == "unknown citation key 'nobody2020' in paragraph 2"
