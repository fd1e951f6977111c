"""Detection of clinical claims and their citation coverage (``safety.claims``)."""

import pytest

from review import demo_content
from safety.claims import analyse, classify


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("Vancomycin 15–20 mg/kg every 8–12 hours is the usual regimen.", ("dosing",)),
        ("Give 500 mg twice daily.", ("dosing", "recommendation")),
        ("Insulin is started at 10 units at bedtime.", ("dosing",)),
        ("Intravenous antibiotics are continued for 2–6 weeks.", ("dosing",)),
        ("Duration: commonly two to six weeks of antibiotics.", ("dosing",)),
        ("The odds ratio was 2.3 (95% CI 1.4–3.8).", ("statistic",)),
        ("The number needed to treat is 25.", ("statistic",)),
        ("About 1 in 10 people have another episode.", ("statistic",)),
        ("Mortality is 2–20% depending on the cause.", ("statistic",)),
        ("Drainage is recommended for abscesses over 3 cm.", ("recommendation",)),
        ("Metformin remains the first-line treatment.", ("recommendation",)),
        ("Do not give aspirin to children under 16.", ("recommendation",)),
    ],
)
def test_each_claim_kind_is_found(sentence, kinds):
    assert classify(sentence) == kinds


@pytest.mark.parametrize(
    "sentence",
    [
        "Psoas myositis is an inflammation of the psoas muscle.",
        "What is the right dose of vancomycin?",  # a question asks, it does not state
        "It should be noted that the terms overlap.",  # an aside, not advice
        "See your doctor if the pain gets worse.",  # safety-netting needs no source
        "People with type 2 diabetes often have a 45-year history.",
        "Stage IV disease is described below.",
        "Nobody can be 100% sure what caused it.",
        "The drug was first licensed in 1958.",
        "Pick one or 2 leaflets from the stand.",  # "OR 2" is an odds ratio, "or 2" is not
        "The pharmacy is open twice a week.",  # a frequency with nothing taken
    ],
)
def test_non_claims_and_false_friends_are_not_claims(sentence):
    assert classify(sentence) == ()


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        # numbers written in words count as numbers
        ("Adults take twenty-five milligrams at night.", ("dosing",)),
        ("Roughly forty per cent recover without treatment.", ("statistic",)),
        ("Around one in eight men develop it.", ("statistic",)),
        ("Boys are four times more likely to be affected.", ("statistic",)),
        # doses and regimens
        ("Children have half a sachet.", ("dosing",)),
        ("The injection is repeated every three months.", ("dosing",)),
        ("Salbutamol is taken as needed.", ("dosing",)),
        # statistics: "x of y", averages, how long an illness lasts, survival, reductions
        ("Nine of the 120 women had a miscarriage.", ("statistic",)),
        ("The mean age at diagnosis was 62.", ("statistic",)),
        ("Symptoms usually last between three and five days.", ("statistic",)),
        ("The healing period is about 6 weeks.", ("statistic",)),
        ("Ten-year survival after surgery is high.", ("statistic",)),
        ("Aspirin lowers the risk of a second stroke by a quarter.", ("statistic",)),
        # recommendations: contraindications, what people need, what guidelines favour
        ("Steroids have no place in treating viral wheeze.", ("recommendation",)),
        ("Breastfeeding is encouraged while taking this medicine.", ("recommendation",)),
        ("Paracetamol is safe in pregnancy.", ("recommendation",)),
        ("Any child with a non-blanching rash needs urgent assessment.", ("recommendation",)),
        ("Surgery on the valve is necessary when symptoms appear.", ("recommendation",)),
        ("Most guidelines favour watchful waiting.", ("recommendation",)),
    ],
)
def test_rules_added_for_recall(sentence, kinds):
    """Phrasings the first rules missed on sentences they had not seen (fresh set)."""
    assert classify(sentence) == kinds


@pytest.mark.parametrize(
    "sentence",
    [
        "The scan takes about twenty minutes.",  # how long a procedure takes is logistics
        "When he was twelve, he broke his leg.",  # an age in a story
        "Our practice was founded fifty years ago.",  # history
        "No one knows exactly why it happens.",  # "one" as a pronoun
        "She had one of the worst headaches of her life.",
        "It is safe to park outside the clinic.",  # safety of something not for a group of people
    ],
)
def test_false_friends_of_the_new_rules_are_not_claims(sentence):
    assert classify(sentence) == ()


def test_how_many_patients_need_something_is_a_statistic_not_advice():
    """Decided: "patients with red flags need same-day assessment" advises; "2 in 100
    patients need surgery" reports an outcome, so it is a statistic only."""
    assert classify("Patients with red flags need same-day assessment.") == ("recommendation",)
    assert classify("Fewer than 2 in 100 patients need surgery.") == ("statistic",)


def test_a_condition_about_safety_is_not_a_safety_claim():
    """ "when they are safe for the patient" is a condition; "safe in pregnancy" a claim."""
    assert classify("Anti-inflammatories help when they are safe for the patient.") == ()


def test_a_percentage_of_the_time_is_a_statistic():
    """Decided: in a medical article "50% of the time" says how often, so it is sourced."""
    assert classify("Symptoms settle 50% of the time.") == ("statistic",)


def test_concentrations_are_dosing_not_statistics():
    assert classify("Apply 1% hydrocortisone cream twice a day.") == ("dosing", "recommendation")
    assert classify("Hydrocortisone 1% cream is used twice a day.") == ("dosing",)


def test_abbreviations_and_decimals_do_not_split_sentences():
    body = (
        "Vancomycin 15 mg/kg i.v. every 8 hours, e.g. for MRSA, works vs. placebo. "
        "Dr. Roe gave 0.5 mg. Psoas abscess is rare.\n"
    )
    sentences = [s.quote for s in analyse(body).sentences]
    assert sentences == [
        "Vancomycin 15 mg/kg i.v. every 8 hours, e.g. for MRSA, works vs. placebo.",
        "Dr. Roe gave 0.5 mg.",
        "Psoas abscess is rare.",
    ]


def test_a_claim_is_covered_by_its_own_marker_or_the_next_sentence():
    body = (
        "Give 500 mg twice daily. It works well.[@a]\n\n"
        "Give 1 g daily. It is cheap. It works.[@b]\n\n"
        "Mortality is 5%. [@c] Most recover.\n"
    )
    claims = analyse(body).claims
    assert [(c.quote, c.covered, c.paragraph) for c in claims] == [
        ("Give 500 mg twice daily.", True, 1),  # the next sentence cites
        ("Give 1 g daily.", False, 2),  # the citation is two sentences away
        ("Mortality is 5%.", True, 3),  # the marker after the full stop is its own
    ]


def test_list_items_are_units_a_citation_in_the_next_item_does_not_cover():
    body = "Treatment:\n\n- Give 500 mg twice daily.\n- Rest is advised.[@a]\n"
    analysis = analyse(body)
    assert [(c.quote, c.covered) for c in analysis.claims] == [
        ("Give 500 mg twice daily.", False),
        ("Rest is advised.", True),
    ]
    assert analysis.coverage_label == "1 of 2 claims cited"
    assert analysis.uncovered_messages() == [
        "uncited claim (dosing, recommendation) in paragraph 2: “Give 500 mg twice daily.” "
        "(cite a source in this sentence or the next)"
    ]


def test_headings_and_code_are_never_claims():
    body = (
        "## Dosing should be 5 mg\n\n```\nGive 5 mg twice daily.\n```\n\nA dose of `5 mg` here.\n"
    )
    assert analyse(body).claims == []


def test_highlighted_source_wraps_each_claim_by_coverage():
    source = analyse("Give 5 mg daily. Mortality is 5%.[@a]\n").highlighted_source()
    assert source == (
        '<span class="claim claim--covered">Give 5 mg daily.</span> '
        '<span class="claim claim--covered">Mortality is 5%.[@a]</span>\n'
    )


def test_the_demo_articles_real_style_text():
    """The demo's psoas article: four claims in the body, the regimens uncited."""
    analysis = analyse(demo_content.PSOAS_MYOSITIS)
    assert analysis.coverage_label == "2 of 4 claims cited"
    assert [c.quote[:40] for c in analysis.uncovered] == [
        "Duration: commonly two to six weeks of a",
        "Vancomycin doses are adjusted for kidney",
    ]
    assert analyse(demo_content.PSOAS_ABSCESS).claims == []


@pytest.mark.parametrize(
    "name",
    [
        "dev",
        "guideline",
        "labelled",
        "held_out",
        "fresh",
        "independent",
        "guideline_held_out",
        "guideline_held_out_2",
    ],
)
def test_the_sets_the_rules_were_designed_on_stay_above_the_targets(name):
    """The development set (two real pages of a medical Q&A site, labelled by hand), the
    guideline-style sets and the earlier sets were all used to design or extend the rules
    (the held-out ones after being measured once), so they are kept in step with them. A
    new held-out set belongs in bench/claims.py only, not here, until it has been
    measured."""
    from bench.claims import DATA, detect, load_labelled, scores

    figures = scores(load_labelled(DATA / f"{name}_sentences.tsv"), detect)
    for measure in ("claim", "uncited"):
        precision, recall, *_ = figures[measure]
        assert precision >= 0.9 and recall >= 0.9, measure
