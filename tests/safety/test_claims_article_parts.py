"""The title, the summary and the other audience's version are checked as well as the body."""

from types import SimpleNamespace

from safety.claims import analyse_article, article_coverage
from safety.routing import matched_policies
from tests.articles.factories import ArticleFactory

BODY = "Vancomycin should be given for suspected MRSA.[@a] Most patients recover.\n"


def test_a_question_title_and_a_heading_title_are_not_claims():
    for title in ("What is the treatment for psoas myositis?", "First-Line Treatment of Abscess"):
        assert analyse_article(title=title, body="Psoas myositis is rare.\n").claims == []


def test_a_summary_claim_is_covered_by_a_cited_body_claim_about_the_same_thing():
    analysis = analyse_article(summary="Vancomycin must be started early.", body=BODY)
    summary = [c for c in analysis.claims if c.part == "summary"]
    assert [(c.quote, c.covered) for c in summary] == [("Vancomycin must be started early.", True)]
    assert analysis.coverage_label == "2 of 2 claims cited"


def test_an_uncited_summary_claim_is_named_with_where_to_cite_it():
    analysis = analyse_article(summary="Drainage is essential for any abscess.", body=BODY)
    assert analysis.coverage_label == "1 of 2 claims cited"
    assert analysis.uncovered_messages() == [
        "uncited claim (recommendation) in the summary: “Drainage is essential for any "
        "abscess.” (cite a source for it in the body)"
    ]


def test_the_other_audiences_version_is_checked_on_its_own_citations():
    analysis = analyse_article(
        body=BODY,
        alt_summary="Take 500 mg twice a day.",
        alt_body="The infection is in a muscle.\n\nTake 500 mg twice a day.\n",
    )
    assert [m.split(":")[0] for m in analysis.uncovered_messages()] == [
        "uncited claim (dosing, recommendation) in the other audience's summary",
        "uncited claim (dosing, recommendation) in paragraph 2 of the other audience's version",
    ]
    # the highlighted text is the body's, with its own claim only
    assert analysis.highlighted_source().count('class="claim ') == 1


def test_coverage_of_an_article_counts_every_part():
    article = SimpleNamespace(
        title="Which antibiotic?",
        summary="Drainage is essential.",
        body=BODY,
        alt_summary="",
        alt_body="",
    )
    assert article_coverage(article) == ("1 of 2 claims cited", 1)


def test_a_policy_matched_by_the_summary_says_so(editor, dosing_policy):
    article = ArticleFactory(
        author=editor,
        summary="Give vancomycin 15 mg/kg every 8 hours.",
        body="Psoas myositis is rare.\n\n" + "Intro.\n",
    )
    [match] = matched_policies(article)
    assert match.explanation == "dosing or regimen claims in the summary"
