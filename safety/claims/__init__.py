"""Find the sentences of an article that make checkable clinical claims, and their sources.

A *claim* is a sentence stating a dose or regimen, a statistic, or a recommendation: the
sentences a reader may act on and a reviewer must be able to check. A claim is *covered*
when it, or the sentence after it in the same paragraph or list item, carries a citation
marker (``[@key]``, parsed by ``references.markers``).

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
- Kinds are found by the rules in ``rules.py`` (regular expressions over a closed list of
  clinical units, frequencies, routes, statistics and recommendation phrasings). quantulum3
  was measured and not used: ~7 ms per sentence after a 3.5 s start-up is 100 times the
  budget for a whole article, and it has no notion of routes or dosing frequencies.

Decisions (what counts, where the issue left it open):

- A percentage is a statistic, including "50% of the time": in a medical article it says
  how often something happens to patients, so it should be sourced. Idioms of certainty
  ("100% sure") and concentrations of a preparation ("0.9% saline", "1% cream", which
  count as dosing) are not statistics.
- Questions are not claims (a heading or an FAQ question asks, it does not state).
- "Should"/"must" are recommendations, except "should be noted"-style asides, and
  safety-netting advice ("see your doctor if…", "call 999") on its own, which needs no
  source. A sentence that has other claims keeps them.
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
