"""Claims recognised by their grammar, with the false friends beside each pattern.

Most sentences come from real pages of a medical Q&A site, or are written in the style of
their guideline summaries; the false friends are the ones a reviewer would not want
flagged.
"""

import pytest

from safety.claims import analyse, classify

REC = ("recommendation",)


@pytest.mark.parametrize(
    "sentence",
    [
        "Physical therapy should be initiated once acute pain subsides.",
        "Empirical antibiotics must cover MRSA where it is prevalent.",
        "Clinicians need to document a neurological examination at every visit.",
        "Patients ought to be reviewed within a week.",
    ],
)
def test_deontic_modals_recommend(sentence):
    assert classify(sentence) == REC


@pytest.mark.parametrize(
    "sentence",
    [
        "This is a must-read review for anyone managing hip pain.",
        "Should the pain persist, the options are discussed below.",  # a condition
        "It should be noted that the terms overlap.",  # an aside
        "A spacer avoids the need to coordinate pressing and breathing in.",
        "Should you want more advice, the leaflet lists local services.",
        "It is important to note that psoas abscess can mimic appendicitis.",
        "You should always consult your healthcare provider before starting a new medicine.",
        "This information should not replace the advice of your own doctor.",
    ],
)
def test_false_friends_of_the_modals_are_not_claims(sentence):
    assert classify(sentence) == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "When treating psoas myositis, it's essential to start with rest.",
        "It is crucial to address the underlying cause.",
        "Intravenous immunoglobulins may be necessary in severe cases.",
        "Blood cultures are mandatory before the first dose of antibiotics.",
        "Surgical debridement is indicated when percutaneous drainage fails.",
        "NSAIDs are contraindicated in severe renal impairment.",
        "CT is reserved for specific indications:",
        "MRI without IV contrast is the preferred modality for evaluating iliopsoas pathology.",
        "Plain radiographs are the appropriate first study for chronic hip pain.",
        "The standard initial treatment for myositis is high-dosed glucocorticoids.",
        "Glucocorticoids are considered the mainstay of treatment.",
        "Percutaneous drainage is the standard of care for unilocular abscesses.",
        "NSAIDs remain first-line for acute bursitis.",
        "Oral bisphosphonates are first line for most postmenopausal women.",
        "Early mobilisation is encouraged once the acute pain settles.",
        "Hospital admission is warranted for patients with signs of sepsis.",
    ],
)
def test_deontic_predicates_recommend(sentence):
    assert classify(sentence) == REC


@pytest.mark.parametrize(
    "sentence",
    [
        "Essential hypertension is the commonest cause of raised blood pressure.",
        "This landmark trial is essential reading for trainees.",
        "Critical pitfalls include missing an abscess.",
        "The diagnosis is suggested by MRI.",  # "suggested by" describes evidence
        "Surgery was first described in 1950.",
    ],
)
def test_attributive_adjectives_and_descriptions_are_not_claims(sentence):
    assert classify(sentence) == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "Psoas abscess: Requires aspiration/drainage plus antibiotics.",
        "Any of these requires same-day assessment and MRI of the whole spine.",
        "Patients with a thunderclap headache need a CT head within 6 hours of onset.",
        "A single red flag warrants immediate review by a senior clinician.",
    ],
)
def test_what_a_patient_or_condition_requires_is_a_recommendation(sentence):
    assert "recommendation" in classify(sentence)


def test_requiring_time_or_counted_needs_are_not_advice():
    assert classify("The procedure requires 20 minutes of preparation.") == ()
    assert classify("Fewer than 2 in 100 patients need surgery.") == ("statistic",)


@pytest.mark.parametrize(
    "sentence",
    [
        "Begin with gentle stretching exercises.",
        "Consider an ultrasound-guided bursa injection.",
        "Look for a spinal source in any patient with hip pain radiating below the knee.",
        "Refer to physiotherapy for a progressive loading programme.",
        "Screen for osteoporosis in patients over 65.",
        "Avoid repeated corticosteroid injections into the same bursa.",
        "Do not obtain MRI in the first 4-6 weeks without red flags.",
        "Don't stop antibiotics when the fever settles.",
        "Never attribute new leg weakness to a muscle strain.",
        "Always check renal function before starting an NSAID.",
        "Rest the hip and apply ice.",
        "Stop antibiotics when the fever settles.",
        "Don't delay drainage; complete the planned course of antibiotics.",
    ],
)
def test_imperatives_recommend(sentence):
    assert classify(sentence) == REC


@pytest.mark.parametrize(
    "sentence",
    [
        "Ultrasound avoids radiation and is widely available.",  # a description
        "Test results usually come back within a day.",  # a noun that looks like a verb
        "Exercise has been shown to reduce disability in chronic myositis.",
        "People with diabetes are at higher risk.",
        "Heat therapy helps maintain mobility.",
        "Reducing aggravating activities and applying ice to decrease inflammation",
        "See your doctor if the pain is getting worse.",  # safety-netting
        "Call 999 if you cannot move your legs.",
        "Note that the terms overlap.",
        "Tell your health visitor if your baby seems unusually sleepy.",
        "Store the inhaler at room temperature.",  # storage, not clinical advice
    ],
)
def test_false_friends_of_the_imperatives_are_not_claims(sentence):
    assert classify(sentence) == ()


@pytest.mark.parametrize(
    "body",
    [
        "- Rest and ice\n- Image-guided drainage\n- Ice packs\n",  # options, not advice
        "### Conservative Management (First-Line)\n",
        "- Conservative Management (First-Line)\n",
        "**Imaging: MRI Preferred**\n",
    ],
)
def test_bare_options_and_headings_are_not_claims(body):
    assert analyse(body).claims == []


@pytest.mark.parametrize(
    "sentence",
    [
        "If conservative management fails after 6-12 weeks, consider image-guided injection.",
        "In severe cases, refer for surgical drainage.",
        "If the Wells score is below 2, a D-dimer test should be done first.",
        "If symptoms persist, surgery may be considered.",
    ],
)
def test_conditionals_that_prescribe_recommend(sentence):
    assert classify(sentence) == REC


def test_numbered_steps_and_labelled_lines_are_read_after_their_label():
    body = (
        "1. Start with relative rest and activity modification.\n"
        "2. If symptoms persist beyond 6 weeks, consider a bursa injection.\n"
        "\n"
        "- Allopurinol: start low and titrate to the target urate.\n"
        "- Papilloedema: urgent imaging before lumbar puncture.\n"
        "- Septic arthritis: do not delay joint aspiration.\n"
        "- Onset: gradual, over several weeks.\n"
    )
    kinds = [s.kinds for s in analyse(body).sentences]
    assert kinds == [REC, REC, REC, REC, REC, ()]


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        (
            "Applying heat to the affected area for 15-20 minutes several times daily can "
            "improve blood flow.",
            ("dosing",),
        ),
        (
            "Treatment is with corticosteroids, which should be continued until symptoms "
            "improve, usually over 4-6 weeks.",
            ("dosing", "recommendation"),
        ),
        ("Hold each stretch for 30 seconds, twice daily.", ("dosing", "recommendation")),
        ("Gentle walking for 20 minutes twice a day helps.", ("dosing",)),
        ("Ibuprofen (400-600mg three times daily) can be used.", ("dosing",)),
        ("IVIG 2 g/kg divided over 2-5 days is used for refractory disease.", ("dosing",)),
    ],
)
def test_doses_and_regimens(sentence, kinds):
    assert classify(sentence) == kinds


def test_a_session_length_without_a_frequency_is_not_a_regimen():
    assert classify("The scan takes about twenty minutes.") == ()
    assert classify("The clinic is open twice a week.") == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "Etidronate improved pain after 4 days.",
        "Recovery in 2–4 weeks is usual.",
        "Most patients improved within 2 weeks of starting physiotherapy.",
        "Pain scores fell from 7.1 to 3.4 after six weeks.",
        "The male-to-female ratio was 3:1.",
        "Recurrence occurred in 12 of 58 patients.",
        "Return to sport took a median of 12 weeks.",
        "The risk of recurrence doubles after a second episode.",
    ],
)
def test_statistics_and_times_to_effect(sentence):
    assert classify(sentence) == ("statistic",)


def test_an_expectation_is_a_statistic_not_advice():
    assert classify("Fever should resolve within 48-72 hours of antibiotics.") == ("statistic",)


def test_improvement_without_a_figure_is_not_a_statistic():
    assert classify("Pain usually improves with rest.") == ()
