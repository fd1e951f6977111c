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
_WORD_NUM = r"(?:one|two|three|four|five|six|seven|eight|ten|twelve|fourteen|several)"
_ANY_RANGE = rf"(?:{_RANGE}|{_WORD_NUM}(?:\s*(?:[-–—]|to)\s*{_WORD_NUM})?)"
_PER = r"(?:\s*/\s*(?:kg|m2|m²|day|d|24\s*h|h|hr|hour|min|dose|L|mL|kg/day|kg/h|kg/min))*"
_DOSE_UNITS = (
    r"mg|mcg|µg|μg|ug|ng|g|mmol|mEq|meq|IU|iu|units?|mL|ml|L|microgram(?:me)?s?|"
    r"milligram(?:me)?s?|gram(?:me)?s?|millilit(?:re|er)s?|tablets?|capsules?|puffs?|drops?|"
    r"sachets?"
)
_DOSE = re.compile(rf"(?<![\w.]){_RANGE}\s*(?:{_DOSE_UNITS})\b{_PER}")
# Frequencies in words count only with something taken or given ("twice a week" alone may
# be opening hours); abbreviations and dose terms always count.
_FREQUENCY = _ci(
    r"\b(?:(?:once|twice|three times|four times|\d+\s*times|two to four times)\s+"
    r"(?:a\s+|per\s+|each\s+)?(?:daily|a day|day|weekly|week|hourly|night)"
    r"|every\s+(?:other\s+day|(?:\d+|four|six|eight|twelve)(?:\s*(?:[-–]|to)\s*\d+)?\s*"
    r"(?:hours?|hrs?|h|days?|weeks?|minutes?))"
    r"|one in the morning|at bedtime)\b"
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
    r"administered)\b"
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
    r"|\b(?:\d+|one|two|three|four|five)\s+(?:in|out of)\s+(?:every\s+)?"
    r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|twenty|a hundred|a thousand)\b"
    r"|\b(?:half|a third|a quarter|two thirds|three quarters)\s+of\s+(?:all\s+)?"
    r"(?:cases|patients|people|adults|children|women|men|infections)\b"
    r"|\b(?:reduced|reduces|reduce|increased|increases|increase|falls?|rises?|lowered|"
    r"improved|cut|halved)\b[^.;]{0,40}?\bby\s+(?:half|a third|a quarter|two thirds|\d)"
    r"|\bper\s+(?:1[0 ,]*000|100|1[0 ,]*000[0 ,]*000|million)\b"
    r"|\b\d+(?:\.\d+)?[-\s]?fold\b"
    r"|\b(?:twice|three times|\d+\s*times)\s+(?:as|more|less)\s+(?:likely|common|often)\b"
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
    r"(?:recommended|advised|indicated|contraindicated|preferred|suggested|required)\b"
    r"|\brecommend(?:s|ed)?\b|\bguidelines?\s+(?:recommend|advise|suggest)"
    r"|\b(?:we|guidelines?|NICE|WHO|CDC|experts?)\s+(?:suggest|advise|recommend)s?\b"
    r"|\badvis(?:e|es|ed)\s+against\b|\b(?:is|are)\s+best\s+avoided\b"
    r"|\b(?:is|are)\s+(?:essential|mandatory|warranted)\b"
    r"|\b(?:referral|surgery|drainage|admission|imaging|a scan|antibiotics|treatment)\s+"
    r"(?:is|are)\s+(?:usually\s+|often\s+|always\s+)?needed\b"
    r"|\b(?:first|second|third)[-\s]line\b|\b(?:treatment|drug|test|investigation) of choice\b"
    r"|\bmainstay of\b|\bcontraindicated\b"
    r"|\b(?:do not|don't|never|avoid)\s+(?:take|taking|give|giving|use|using|combine|"
    r"exceed|exceeding|stop|stopping|drive|driving|drink|drinking|prescribe)\b"
    r"|^\s*(?:consider|give|start|use|avoid|prescribe|administer|stop|add|switch)\b"
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
    lower = text.lower()  # for the case-insensitive rules (``_ci``), same offsets
    kinds = []
    dosing = bool(
        _DOSE.search(text)
        or _DOSE_TERMS.search(lower)
        or (_FREQUENCY.search(lower) and (_TAKEN.search(lower) or _ROUTE.search(text)))
        or _CONCENTRATION.search(lower)
        or (_DURATION.search(lower) and (_ROUTE.search(text) or _TREATMENT.search(lower)))
    )
    if dosing:
        kinds.append(ClaimKind.DOSING.value)
    if _is_statistic(text, lower):
        kinds.append(ClaimKind.STATISTIC.value)
    recommending = _RECOMMENDATION.search(_blank(_ASIDE, lower))
    if recommending and not (_SAFETY_NET.search(lower) and not _stripped_of_safety_net(lower)):
        kinds.append(ClaimKind.RECOMMENDATION.value)
    return tuple(kinds)


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
