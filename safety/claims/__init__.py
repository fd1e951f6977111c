"""Find the sentences of an article that make checkable clinical claims, and their sources.

A *claim* is a sentence stating a dose or regimen, a statistic, or a recommendation: the
sentences a reader may act on and a reviewer must be able to check. A claim in a body is
*covered* when it, or the sentence after it in the same paragraph or list item, carries a
citation marker (``[@key]``, parsed by ``references.markers``). The title and the
summaries show readers no markers: a claim there is covered when its body makes a cited
claim of the same kind about the same thing (``analysis.py``).

What is analysed (``analyse_article``): the title, the summary and the body, and the
other audience's summary and body (``analyse(body)`` and ``coverage(body)`` still do a
body alone).

How the text is cut:

- Blocks are runs of non-blank lines separated by blank lines (numbered as
  ``references.markers`` numbers paragraphs, so "paragraph 3" means the same everywhere);
  fenced code blocks are skipped; each list item and each table row is a unit of its
  own, so a claim's "next sentence" never comes from the next item; headings are never
  claims.
- Sentences are split by syntok (segtok's successor): rule-based, offline, and it keeps
  "e.g.", "i.v.", "vs.", "Dr." and decimals ("0.5 mg") inside their sentence. Markers are
  blanked out (same offsets) before splitting, so a marker written after the full stop
  (``… every 8 hours. [@idsa2014]``) belongs to the sentence it follows.

How kinds are found:

- Doses, regimens and statistics (``rules.py``): regular expressions over clinical units,
  frequencies, routes, durations and session lengths, percentages, rates, ratios,
  intervals, "x of y" and times to an effect. quantulum3 was measured and not used: ~7 ms
  per sentence after a 3.5 s start-up is 100 times the budget for a whole article, and it
  has no notion of routes or dosing frequencies.
- Recommendations (``recommendations.py``) by their grammar, over the sentence's lemmas:
  deontic modals and predicates, what a patient requires, imperatives (a clause opening
  with the bare form of a verb, also after a leading condition or a label), options put
  to the reader. Parts of speech and lemmas come from lemminflect's lookup tables (the
  NLM's SPECIALIST Lexicon; ``lexicon.py``): under 1 MB, read on first use, no model and
  no download. spaCy was considered: its blank English pipeline has no tagger, so it
  would add a 35 MB package, a 98 MB lookups package and a second-long import for the
  same word lists.

Decisions (what counts):

- A percentage is a statistic, including "50% of the time": in a medical article it says
  how often something happens to patients, so it should be sourced. Idioms of certainty
  ("100% sure") and concentrations of a preparation ("0.9% saline", "1% cream", which
  count as dosing) are not statistics.
- Questions are not claims (a heading or an FAQ question asks, it does not state).
- "Should"/"must" are recommendations, except "should be noted"-style asides, an
  inverted condition ("Should the pain persist, …"), an expectation ("fever should
  resolve within 48 hours" is a statistic), what a page says of itself ("this
  information should not replace…"), and safety-netting advice ("see your doctor if…",
  "call 999"), which needs no source. A sentence that has other claims keeps them.
- Imperatives are recommendations, a dosing instruction too ("Give 500 mg twice daily"
  is dosing and a recommendation). A word that is also a noun opens an imperative only
  when what follows reads as its object ("Rest the hip", "Check renal function"), so
  "Test results…", "Ice packs" and "Exercise has been shown…" stay statements. Bare
  options in a list ("- Rest and ice", "- Percutaneous drainage") and lines that label
  what follows (bold, or Title Case without a full stop: "Conservative Management
  (First-Line)") are not claims.
- Adjectives count only as predicates: "is essential", not "essential hypertension" or
  "is essential reading"; "a must-read" is not "must".
- A route alone ("intravenous antibiotics") is not a regimen; a route or a treatment word
  with a duration ("intravenous antibiotics for 2–6 weeks") is. A frequency in words
  ("twice a week", "every 8 hours") is a regimen only with something taken or given in
  the sentence (opening hours are not); "bid", "q8h", "loading dose" always are.
- Years, ages, grades and stages ("type 2 diabetes", "stage IV", "a 45-year-old") are
  numbers, not claims: only numbers with a dosing unit, a frequency or a statistic count.
- Numbers written in words ("fifty milligrams", "one in eight", "forty per cent") are
  numbers: the rules see them as digits. Fractions in words ("two thirds") stay words.
- How long an illness, recovery or a medicine's effect lasts ("symptoms last seven to ten
  days", "take two to four weeks to work", "recovery time was 14 days") is a statistic;
  how long a procedure or appointment takes ("the scan takes 20 minutes") is not.
- "x of y patients", averages and medians with a number, and "n-year survival" are
  statistics. "2 in 100 patients need surgery" is a statistic, not advice; "patients with
  red flags need same-day assessment" is a recommendation.
- Contraindications and their kin are recommendations: "has no role in", "is encouraged",
  "is best avoided", "is (not) safe in pregnancy / for children" (safety for a group of
  people; "when they are safe for the patient" is a condition and is not).
"""

from .analysis import (
    PARTS,
    Analysis,
    Sentence,
    analyse,
    analyse_article,
    article_coverage,
    coverage,
)
from .rules import ClaimKind, classify

__all__ = [
    "PARTS",
    "Analysis",
    "ClaimKind",
    "Sentence",
    "analyse",
    "analyse_article",
    "article_coverage",
    "classify",
    "coverage",
]
