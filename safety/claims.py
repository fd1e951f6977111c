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
- Kinds are found by the rules below (regular expressions over a closed list of clinical
  units, frequencies, routes, statistics and recommendation phrasings). quantulum3 was
  measured and not used: ~7 ms per sentence after a 3.5 s start-up is 100 times the
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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from syntok import segmenter

from references.markers import find_markers


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

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_ITEM = re.compile(r"^(\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])\s+)")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_QUOTE = re.compile(r"^(\s*(?:>\s*)+)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)


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


# --- the analysis -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    text: str  # as written in the body, markers included
    start: int  # offsets in the body
    end: int
    paragraph: int  # 1-based block number, as references.markers counts them
    unit: int  # index of the paragraph, list item or table row holding it
    kinds: tuple[str, ...]
    cited: bool  # carries a marker itself
    covered: bool = False  # cited, or the next sentence of its unit is

    @property
    def is_claim(self) -> bool:
        return bool(self.kinds)

    @property
    def quote(self) -> str:
        """The sentence without its markers, on one line (for messages)."""
        return re.sub(r"\s+", " ", _MARKERS_RE.sub("", self.text)).strip()

    @property
    def kind_labels(self) -> list[str]:
        return [ClaimKind(k).label.lower() for k in self.kinds]


_MARKERS_RE = re.compile(r"\s*(?<!\\)\[\s*@[^\]]*\]")


@dataclass
class Analysis:
    body: str
    sentences: list[Sentence] = field(default_factory=list)

    @cached_property
    def claims(self) -> list[Sentence]:
        return [s for s in self.sentences if s.is_claim]

    @cached_property
    def uncovered(self) -> list[Sentence]:
        return [s for s in self.claims if not s.covered]

    @property
    def total(self) -> int:
        return len(self.claims)

    @property
    def covered_count(self) -> int:
        return self.total - len(self.uncovered)

    @cached_property
    def kinds(self) -> set[str]:
        return {kind for claim in self.claims for kind in claim.kinds}

    def claims_of(self, kind: str) -> list[Sentence]:
        return [c for c in self.claims if kind in c.kinds]

    @property
    def coverage_label(self) -> str:
        """ "12 of 14 claims cited" (or "no claims")."""
        if not self.total:
            return "no claims"
        noun = "claim" if self.total == 1 else "claims"
        return f"{self.covered_count} of {self.total} {noun} cited"

    def uncovered_messages(self) -> list[str]:
        return [
            f"uncited claim ({', '.join(s.kinds)}) in paragraph {s.paragraph}: "
            f"“{_shorten(s.quote)}” (cite a source in this sentence or the next)"
            for s in self.uncovered
        ]

    def highlighted_source(self) -> str:
        """The body with every claim wrapped in a ``<span class="claim …">`` (Markdown)."""
        pieces, cursor = [], 0
        for s in self.claims:
            state = "covered" if s.covered else "uncovered"
            pieces.append(self.body[cursor : s.start])
            pieces.append(f'<span class="claim claim--{state}">{s.text}</span>')
            cursor = s.end
        pieces.append(self.body[cursor:])
        return "".join(pieces)


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    paragraph: int


def analyse(body: str) -> Analysis:
    """Every sentence of ``body`` with its claim kinds and whether a citation covers it."""
    body = body or ""
    markers = find_markers(body)
    masked = list(body)
    for marker in markers:
        masked[marker.start : marker.end] = " " * (marker.end - marker.start)
    masked_text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), "".join(masked))
    analysis = Analysis(body=body)
    marker_starts = [m.start for m in markers]
    for index, unit in enumerate(_units(body)):
        spans = _sentence_spans(masked_text, unit.start, unit.end)
        if not spans:
            continue
        cited = [False] * len(spans)
        for position in marker_starts:
            if unit.start <= position < unit.end:
                owner = 0
                for i, (start, _) in enumerate(spans):
                    if start <= position:
                        owner = i
                cited[owner] = True
        for i, (start, end) in enumerate(spans):
            # The sentence as written, with a marker that follows its full stop.
            shown_end = spans[i + 1][0] if i + 1 < len(spans) else unit.end
            shown = body[start:shown_end].rstrip()
            kinds = classify(masked_text[start:end])
            analysis.sentences.append(
                Sentence(
                    text=shown,
                    start=start,
                    end=start + len(shown),
                    paragraph=unit.paragraph,
                    unit=index,
                    kinds=kinds,
                    cited=cited[i],
                    covered=cited[i] or (i + 1 < len(spans) and cited[i + 1]),
                )
            )
    return analysis


def _sentence_spans(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    text = masked[start:end]
    spans = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            words = [t for t in sentence if t.value]
            if not words:
                continue
            first, last = words[0], words[-1]
            spans.append((start + first.offset, start + last.offset + len(last.value)))
    return spans


def _units(body: str) -> list[_Unit]:
    """Paragraphs, list items and table rows (offsets into ``body``), headings and code out."""
    units: list[_Unit] = []
    offset, block, previous_blank, fence = 0, 0, True, None
    current: list[int] | None = None  # [start, end, paragraph]

    def close() -> None:
        nonlocal current
        if current is not None and current[1] > current[0]:
            units.append(_Unit(*current))
        current = None

    for line in body.splitlines(keepends=True):
        line_start, offset = offset, offset + len(line)
        content = line.rstrip("\n")
        if fence is not None:
            if (
                content.strip()
                and set(content.strip()) == {fence[0]}
                and len(content.strip()) >= len(fence)
            ):
                fence = None
                previous_blank = True  # what follows a fence is a new block
            continue
        opened = _FENCE.match(content)
        if opened:
            close()
            block += 1
            fence = opened.group(1)
            continue
        if not content.strip():
            close()
            previous_blank = True
            continue
        if previous_blank:
            block += 1
        previous_blank = False
        if _HEADING.match(content) or _TABLE_RULE.match(content):
            close()
            continue
        item = _ITEM.match(content)
        quote = _QUOTE.match(content)
        if item or _TABLE_ROW.match(content):
            close()
            skip = len(item.group(1)) if item else 0
            current = [line_start + skip, line_start + len(content), block]
            if _TABLE_ROW.match(content):
                close()
            continue
        if current is None:
            skip = len(quote.group(1)) if quote else 0
            current = [line_start + skip, line_start + len(content), block]
        else:
            current[1] = line_start + len(content)
    close()
    return units
