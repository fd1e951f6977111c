"""The rules that say which claim kinds a sentence makes (see the package docstring)."""

from __future__ import annotations

import re

from django.db import models


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
    r"\b(?:(?:once|twice|three times|four times|\d+\s*times|two to four times)\s+"
    r"(?:a\s+|per\s+|each\s+)?(?:daily|a day|day|weekly|week|hourly|night)"
    rf"|every\s+(?:other\s+day|(?:{_ANY_RANGE})\s*"
    r"(?:hours?|hrs?|h|days?|weeks?|months?|years?|minutes?)|(?:day|week|month|year))"
    r"|one in the morning|at bedtime|at night|in the morning|as (?:needed|required))\b"
)
_DOSE_TERMS = _ci(
    r"\b(?:q\d+(?:-\d+)?h|(?:b\.i\.d|t\.i\.d|q\.i\.d|q\.d|o\.d|p\.r\.n)\.?|(?:bid|tid|qid|prn|nocte)"
    r"|daily\s+dose|maximum\s+(?:daily\s+)?dose|loading\s+dose|maintenance\s+dose"
    r"|(?:adult|usual|standard|full|same|starting|initial|single|half the|double the)\s+dose"
    r"|dose\s+adjustment|dos(?:e|es|ing)\s+(?:is|are|should\s+be|must\s+be)\s+"
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
_DURATION = _ci(
    r"\bfor\s+(?:at\s+least\s+|up\s+to\s+|a\s+further\s+)?"
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
    r"(?:half|a third|a quarter|two thirds|\d)"
    r"|\bper\s+(?:1[0 ,]*000|100|1[0 ,]*000[0 ,]*000|million)\b"
    r"|\b\d+(?:\.\d+)?[-\s]?fold\b"
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
_RECOMMENDATION = _ci(
    r"\b(?:should|must|ought to)\b"
    r"|\b(?:is|are|was|were|remains?)\s+(?:not\s+|usually\s+|generally\s+|strongly\s+)?"
    r"(?:recommended|advised|indicated|contraindicated|preferred|suggested|required|"
    r"encouraged|discouraged|advisable|inadvisable)\b"
    r"|\brecommend(?:s|ed)?\b|\bguidelines?\s+(?:recommend|advise|suggest)"
    r"|\b(?:we|guidelines?|NICE|WHO|CDC|experts?)\s+(?:suggest|advise|recommend|favour|favor|"
    r"endorse|support)s?\b"
    r"|\badvis(?:e|es|ed)\s+against\b|\b(?:best|better)\s+avoided\b"
    # "has no role in", "have no place in": a statement of what not to do
    r"|\b(?:has|have)\s+no\s+(?:role|place)\b"
    # "is not safe in pregnancy", "are unsuitable for children": safety for a group of
    # people ("when they are safe for the patient" is a condition, not a claim)
    r"|\b(?:is|are)\s+(?:not\s+)?(?:safe|unsafe|suitable|unsuitable)\s+(?:to\s+\w+\s+)?"
    r"(?:in|during|for|while)\s+(?:pregnan|breastfeed|children|babies|infants|older|"
    r"adults|women|people\s+with|anyone)"
    r"|\b(?:is|are)\s+(?:essential|mandatory|warranted)\b"
    r"|\b(?:referral|surgery|drainage|admission|imaging|a scan|antibiotics|treatment)\b"
    r"[^.;]{0,40}?\b(?:is|are)\s+(?:usually\s+|often\s+|always\s+)?(?:needed|necessary)\b"
    r"|\b(?:first|second|third)[-\s]line\b|\b(?:treatment|drug|test|investigation) of choice\b"
    r"|\bmainstay of\b|\bcontraindicated\b"
    r"|\b(?:do not|don't|never|avoid)\s+(?:take|taking|give|giving|use|using|combine|"
    r"exceed|exceeding|stop|stopping|drive|driving|drink|drinking|prescribe)\b"
    r"|^\s*(?:consider|give|start|use|avoid|prescribe|administer|stop|add|switch)\b"
)
# What patients need: "need same-day assessment", "requires urgent referral". Not when the
# sentence counts them ("2 in 100 patients need surgery" is an outcome, a statistic).
_NEEDS_CARE = _ci(
    r"\b(?:needs?|requires?)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:assessment|review|referral|"
    r"admission|treatment|monitoring|surgery|follow-up|testing|screening)\b"
)
_ASIDE = _ci(
    r"\b(?:should|must)\s+be\s+(?:noted|remembered|mentioned|emphasi[sz]ed|stressed|said)\b"
    r"|\bit should\b\s+(?:also\s+)?be\s+(?:noted|said)"
)
_SAFETY_NET = _ci(
    r"\b(?:see|call|contact|consult|ask|tell|talk to|speak to|speak with)\s+(?:a|your)\s+"
    r"(?:doctor|GP|pharmacist|nurse|health\s?care (?:provider|professional)|clinician|"
    r"midwife|dentist)\b"
    r"|\bseek\s+(?:medical|urgent|emergency|immediate)\s+(?:help|care|advice|attention)\b"
    r"|\b(?:call|dial)\s+(?:911|999|112|an ambulance|emergency services)\b"
)


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
        or (_FREQUENCY.search(lower) and (_TAKEN.search(lower) or _ROUTE.search(text)))
        or _CONCENTRATION.search(lower)
        or (_DURATION.search(lower) and (_ROUTE.search(text) or _TREATMENT.search(lower)))
    )
    if dosing:
        kinds.append(ClaimKind.DOSING.value)
    statistic = _is_statistic(text, lower)
    if statistic:
        kinds.append(ClaimKind.STATISTIC.value)
    recommending = _RECOMMENDATION.search(_blank(_ASIDE, lower)) or (
        not statistic and _NEEDS_CARE.search(lower)
    )
    if recommending and not (_SAFETY_NET.search(lower) and not _stripped_of_safety_net(lower)):
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


def _stripped_of_safety_net(lower: str) -> bool:
    """Whether the sentence still recommends something once its safety-netting is gone."""
    rest = _SAFETY_NET.sub(" ", _ASIDE.sub(" ", lower))
    rest = re.sub(r"\b(?:should|must)\s+(?=\s)", " ", rest)
    rest = re.sub(r"\b(?:you|if|your|symptoms?|we|they)\b", " ", rest)
    return bool(_RECOMMENDATION.search(rest))
