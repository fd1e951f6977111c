"""The rules that say which claim kinds a sentence makes (see the package docstring)."""

from __future__ import annotations

import re

from django.db import models

from .lexicon import words
from .recommendations import recommends


class ClaimKind(models.TextChoices):
    DOSING = "dosing", "Dosing or regimen"
    STATISTIC = "statistic", "Statistic"
    RECOMMENDATION = "recommendation", "Recommendation"


# --- the rules --------------------------------------------------------------------------


def _ci(pattern: str) -> re.Pattern:
    """A case-insensitive rule: matched against the lowercased sentence (``classify``),
    which is several times faster than ``re.IGNORECASE`` on long alternations."""
    return re.compile(pattern.lower())


_NUM = r"\d+(?:[.,]\d+)*"
_RANGE = rf"{_NUM}(?:\s*(?:[-–—]|to)\s*{_NUM})?"
# Numbers written in words, as patient leaflets write them ("fifty", "twenty-five", "a
# hundred"). ``classify`` turns them into digits before any rule runs (``_digits``), so
# the rules below only need to know digits. Fractions ("two thirds") are left as words.
_NUMBER_WORD = (
    r"(?:(?:a|one)\s+(?:hundred|thousand|million)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_NUMBER_WORDS = re.compile(
    rf"\b(?=[aefnostw]){_NUMBER_WORD}\b(?![-\s]+(?:thirds?|quarters?|fifths?|halves)\b)",
    re.IGNORECASE,
)
_WORD_NUM = r"(?:several|a few)"
# "2–6", "2 to 6", "between 7 and 10" (once words are digits), "several"
_ANY_RANGE = rf"(?:{_NUM}(?:\s*(?:[-–—]|to|and)\s*{_NUM})?|{_WORD_NUM})"
_PER = r"(?:\s*/\s*(?:kg|m2|m²|day|d|24\s*h|h|hr|hour|min|dose|L|mL|kg/day|kg/h|kg/min))*"
_DOSE_UNITS = (
    r"mg|mcg|µg|μg|ug|ng|g|mmol|mEq|meq|IU|iu|units?|mL|ml|L|microgram(?:me)?s?|"
    r"milligram(?:me)?s?|gram(?:me)?s?|millilit(?:re|er)s?|tablets?|capsules?|puffs?|drops?|"
    r"sachets?|(?:tea|table)?spoon(?:ful)?s?|sprays?|pessar(?:y|ies)|suppositor(?:y|ies)"
)
_DOSE = re.compile(rf"(?<![\w.]){_RANGE}\s*(?:{_DOSE_UNITS})\b{_PER}")
# Half doses: "half a tablet", "half a sachet" (whole numbers in words are digits by now).
_HALF_DOSE = _ci(rf"\bhalf\s+an?\s+(?:{_DOSE_UNITS})\b")
# Frequencies in words count only with something taken or given ("twice a week" alone may
# be opening hours); abbreviations and dose terms always count.
_FREQUENCY = _ci(
    r"\b(?:(?:once|twice|(?:up to\s+)?(?:several|a few|\d+(?:\s*(?:[-–—]|to)\s*\d+)?)\s*times)"
    r"\s+(?:a\s+|per\s+|each\s+)?(?:daily|a day|day|weekly|week|hourly|an hour|night)"
    rf"|every\s+(?:other\s+day|(?:{_ANY_RANGE})\s*"
    r"(?:hours?|hrs?|h|days?|weeks?|months?|years?|minutes?)|(?:day|week|month|year))"
    r"|one in the morning|at bedtime|at night|in the morning|as (?:needed|required))\b"
)
_DOSE_TERMS = _ci(
    r"\b(?:q\d+(?:-\d+)?h|(?:b\.i\.d|t\.i\.d|q\.i\.d|q\.d|o\.d|p\.r\.n)\.?|(?:bid|tid|qid|prn|nocte)"
    r"|daily\s+dose|maximum\s+(?:daily\s+)?dose|loading\s+dose|maintenance\s+dose"
    r"|(?:adult|usual|standard|full|same|starting|initial|single|half the|double the)\s+dose"
    r"|dos(?:e|age)\s+adjustment|dos(?:e|es|ing)\s+(?:is|are|should\s+be|must\s+be)\s+"
    r"(?:adjusted|reduced|increased|halved|doubled))\b"
)
_TAKEN = _ci(
    r"\b(?:take|takes|taken|taking|give|given|use|used|apply|applied|inject(?:ed|ion)?|"
    r"infus(?:ed|ion)|dose|doses|dosing|tablets?|capsules?|patch(?:es)?|inhaler|puffs?|drops|"
    r"medicines?|medications?|drugs?|antibiotics?|insulin|therapy|regimen|prescribed|"
    r"administered|repeated|started|injected)\b"
)
_ROUTE = re.compile(
    r"(?:\b(?:intravenous(?:ly)?|oral(?:ly)?|intramuscular(?:ly)?|subcutaneous(?:ly)?|"
    r"intrathecal(?:ly)?|sublingual(?:ly)?|rectal(?:ly)?|topical(?:ly)?|inhaled|by mouth)\b"
    r"|(?<![\w.])(?:i\.v\.|i\.m\.|s\.c\.|p\.o\.|IV|IM|PO|SC)(?![\w.]))",
)
_TREATMENT = _ci(
    r"\b(?:antibiotics?|therapy|treatment|course|continued?|given|taken|administered|"
    r"prescribed|infusion|regimen|dose|doses)\b"
)
# How long one session lasts ("for 15-20 minutes", "hold for 30 seconds"): with a
# frequency, a regimen for something applied or done ("heat for 20 minutes twice daily").
_SESSION = _ci(
    rf"\bfor\s+(?:up\s+to\s+|at\s+least\s+|about\s+)?{_ANY_RANGE}\s*"
    r"(?:seconds?|secs?|minutes?|mins?|hours?)\b"
)
_DURATION = _ci(
    r"\b(?:for|over)\s+(?:at\s+least\s+|up\s+to\s+|a\s+further\s+)?"
    rf"{_ANY_RANGE}\s*(?:days?|weeks?|months?|hours?)\b"
    rf"|\b{_ANY_RANGE}\s*(?:days?|weeks?|months?)\s+of\s+(?:\w+\s+)?"
    r"(?:antibiotics?|treatment|therapy|steroids?|glucocorticoids?)\b"
)
_CONCENTRATION = _ci(
    rf"{_NUM}\s*%\s*(?:w/v\s+)?(?:[A-Za-z-]+\s+){{0,2}}?(?:saline|dextrose|glucose|solution|"
    r"cream|gel|ointment|lotion|drops|lidocaine|chlorhexidine|sodium chloride)\b"
)
_PERCENT = _ci(rf"{_NUM}\s*(?:%|per\s?cent\b)")
_CERTAINTY_IDIOM = _ci(
    r"\b(?:100|110)\s*(?:%|per\s?cent)\s+(?:sure|certain|confident|safe|effort)\b"
)
_STATISTIC = _ci(
    r"\b(?:odds ratio|hazard ratio|risk ratio|rate ratio|relative risk|absolute risk"
    r"|confidence interval|numbers? needed to (?:treat|harm)|likelihood ratio"
    r"|(?:positive|negative) predictive value)\b"
    r"|\bp\s*[<=>≤≥]\s*0?\.\d"
    # "1 in 10", "one in five", "four out of every ten"
    r"|\b\d+\s+(?:in|out of)\s+(?:every\s+)?\d"
    r"|\b(?:half|a third|a quarter|two thirds|three quarters)\s+of\s+(?:all\s+)?"
    r"(?:cases|patients|people|adults|children|women|men|infections)\b"
    r"|\b(?:reduced|reduces|reduce|increased|increases|increase|falls?|rises?|lowered|"
    r"lowers|improved|cut|cuts|halved)\b[^.;]{0,40}?\bby\s+"
    # (a dose stepped up "by 100 mg" is dosing, not a statistic)
    r"(?:half|a third|a quarter|two thirds|"
    r"\d(?![\d.,]*\s*(?:mg|mcg|µg|g|ml|units?|iu|mmol|micrograms?|milligrams?)\b))"
    r"|\bper\s+(?:1[0 ,]*000|100|1[0 ,]*000[0 ,]*000|million)\b"
    r"|\b\d+(?:\.\d+)?[-\s]?fold\b"
    # time to an effect: "improved pain after 4 days", "resolve within 7-10 days"
    r"|\b(?:improv|resolv|recover|respond|heal|settl|subsid|return|relaps|recur|normali[sz]|"
    r"disappear|clear|relie|remission|symptom-free)\w*\b[^.;]{0,60}?"
    r"\b(?:after|within|in|by)\s+(?:about\s+|around\s+|approximately\s+|up\s+to\s+|"
    rf"the\s+first\s+)?{_ANY_RANGE}\s*(?:hours?|days?|weeks?|months?|years?)\b"
    # "fell from 7.1 to 3.4", ratios, intervals
    r"|\b(?:fell|rose|dropped|decreased|increased|improved|declined|went|changed)\s+from\s+"
    r"\d[\d.,]*\s*%?\s+to\s+\d"
    r"|\bratio\b[^.;]{0,30}\b\d+(?:\.\d+)?\s*:\s*\d|\b\d+(?:\.\d+)?\s*:\s*\d+\s+ratio\b"
    r"|\binterquartile range\b|\biqr\b"
    r"|\b(?:doubles?|doubled|triples?|tripled|halves|halved|quadrupled?)\s+(?:the\s+)?"
    r"(?:risk|odds|rate|chance|likelihood|mortality|incidence)\b"
    r"|\b(?:risk|odds|rate|chance|likelihood|mortality|incidence)\b[^.;]{0,30}?"
    r"\b(?:doubles|doubled|triples|tripled|halves|halved)\b"
    r"|\b(?:twice|\d+\s*times)\s+(?:as|more|less)\s+(?:likely|common|often)\b"
    # "x of y" with who they are: "7 of 40 patients", "twelve of the 150 children"
    r"|\b\d+\s+(?:out\s+)?of\s+(?:the\s+|these\s+|all\s+)?\d[\d,]*\s+"
    r"(?:\w+\s+)?(?:patients|people|participants|adults|children|babies|women|men|cases|"
    r"infants|pregnancies|smokers|users|survivors)\b"
    # averages and typical times: "average recovery time was 14 days", "median ... 8 months"
    rf"|\b(?:average|mean|median|typical)\b[^.;]{{0,40}}?\b(?:was|is|were|are|of)\s+"
    r"(?:about\s+|around\s+|roughly\s+|approximately\s+|just\s+)?\d"
    # how long an illness, recovery or effect lasts ("last between seven and ten days",
    # "take two to four weeks to work"); procedures in minutes are logistics, not claims
    r"|\b(?:symptoms?|illness|infection|episodes?|recovery|healing|pain|fever|cough|rash|"
    r"effects?|antidepressants?|medicines?|treatment|it|they)\s+(?:\w+\s+){0,2}?"
    r"(?:lasts?|takes?|resolves?|settles?|clears?|improves?|heals?|persists?)\s+"
    rf"(?:up\s+)?(?:about\s+|around\s+|between\s+|within\s+|for\s+|over\s+|in\s+)?"
    rf"{_ANY_RANGE}\s+(?:days?|weeks?|months?|years?)\b"
    r"|\b(?:recovery|healing|incubation|survival|waiting)\s+(?:time|period)\b[^.;]{0,30}\d"
    # "five-year survival", "10-year risk"
    r"|\b\d+[-\s]year\s+(?:survival|mortality|risk|recurrence|relapse)\b"
    r"|\b(?:incidence|prevalence|mortality|morbidity|sensitivity|specificity|survival|"
    r"recurrence|relapse|response|cure|success|failure|complication)\s+rates?\b[^.;]{0,40}\d"
    r"|\b(?:incidence|prevalence|mortality|sensitivity|specificity)\s+(?:of|was|is)\s+"
    r"(?:about\s+|around\s+|approximately\s+)?\d"
)
_STAT_ABBREVIATION = re.compile(
    r"\b(?:a?OR|a?HR|RR|IRR|RRR|ARR|NNT|NNH|CI|PPV|NPV)\b\s*[:=,(]?\s*\d"
    r"|\b(?:NNT|NNH)\b|\b\d+\s*%\s*CI\b"
)
_HEADING_LIKE_SMALL = words("a an and at by for from in of on or the to with vs")


def heading_like(text: str) -> bool:
    """A line that labels what follows rather than stating anything: wholly bold
    ("**Imaging: MRI Preferred**") or in Title Case without a full stop ("Conservative
    Management (First-Line)")."""
    stripped = text.strip()
    if re.fullmatch(r"(\*\*|__)[^*_]+\1:?", stripped):
        return True
    if stripped.endswith((".", "!", ";")) or len(stripped) > 100:
        return False
    words = [
        w for w in re.findall(r"[A-Za-z][\w'-]*", stripped) if w.lower() not in _HEADING_LIKE_SMALL
    ]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def classify(text: str) -> tuple[str, ...]:
    """The claim kinds a sentence makes, in ``ClaimKind`` order (empty if none)."""
    if text.rstrip(" *_)\"'”’").endswith("?"):
        return ()
    text = _digits(text)
    lower = text.lower()  # for the case-insensitive rules (``_ci``), same offsets
    kinds = []
    dosing = bool(
        _DOSE.search(text)
        or _HALF_DOSE.search(lower)
        or _DOSE_TERMS.search(lower)
        or (
            _FREQUENCY.search(lower)
            and (_TAKEN.search(lower) or _ROUTE.search(text) or _SESSION.search(lower))
        )
        or _CONCENTRATION.search(lower)
        or (_DURATION.search(lower) and (_ROUTE.search(text) or _TREATMENT.search(lower)))
    )
    if dosing:
        kinds.append(ClaimKind.DOSING.value)
    statistic = _is_statistic(text, lower)
    if statistic:
        kinds.append(ClaimKind.STATISTIC.value)
    if not heading_like(text) and recommends(lower, counts_people=statistic):
        kinds.append(ClaimKind.RECOMMENDATION.value)
    return tuple(kinds)


def _digits(text: str) -> str:
    """``text`` with numbers written in words as digits ("fifty mg" -> "9 mg"): the rules
    care that there is a number, not its value."""
    return _NUMBER_WORDS.sub("9", text)


def _blank(pattern: re.Pattern, text: str) -> str:
    """``text`` with ``pattern``'s matches replaced by spaces (offsets kept)."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _is_statistic(text: str, lower: str) -> bool:
    if _STATISTIC.search(lower) or _STAT_ABBREVIATION.search(text):
        return True
    # Percentages, except idioms of certainty, concentrations and the level of a CI.
    cleaned = _blank(_CONCENTRATION, _blank(_CERTAINTY_IDIOM, lower))
    return any(not re.match(r"\s*ci\b", lower[m.end() :]) for m in _PERCENT.finditer(cleaned))
