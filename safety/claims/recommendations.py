"""Recommendations, recognised by their grammar rather than by a list of phrasings.

A sentence recommends when it has one of these forms (matched over the sentence's
lemmas, so "is required", "are required" and "requiring" are one rule):

- a deontic modal: "should", "must", "ought to", "need(s) to", "have to", "is to be";
- a deontic predicate: "is essential / crucial / necessary / mandatory / indicated /
  contraindicated / preferred / recommended / advised / warranted / reserved for /
  appropriate", "it is important to", "is the preferred modality", "is the mainstay /
  cornerstone / standard of care / treatment of choice", "first-line", "the standard
  initial treatment … is";
- what a patient or a condition requires or needs ("requires drainage", "need a CT
  head"), unless the sentence counts them (then it is a statistic);
- an imperative: a sentence, list item or clause that opens with the bare form of a verb
  ("Begin…", "Consider…", "Refer…", "Screen for…", "Avoid…"), with "Do not…", "Never…"
  and "Always…"; a clause after a leading condition or circumstance ("If X fails,
  consider Y", "In severe cases, add…"), after a label ("Psoas abscess: requires…",
  "Allopurinol: start low…") or after a semicolon;
- a label followed by urgent care ("Papilloedema: urgent imaging before lumbar puncture");
- an option put to the reader ("may be considered", "can be offered", "may be
  necessary"), "has no role / place in", "advise against", guidelines recommending.

False friends kept out: attributive adjectives ("essential hypertension", "critical
pitfalls"), "a must-read", "should the pain persist" (an inverted condition), asides
("it should be noted"), descriptions in the third person ("ultrasound avoids
radiation"), nouns that look like verbs ("Test results…", "Ice packs", "Exercise has…"),
"the need to" as a noun, and safety-netting ("see your doctor if…"), which is blanked
out before the grammar runs.
"""

from __future__ import annotations

import re

from .lexicon import (
    AUXILIARIES,
    DETERMINERS,
    is_base_verb,
    is_finite_verb,
    is_verb_only,
    lemma,
    parts,
    tokens,
    words,
)

_ADV = (
    r"(?:(?:[a-z]+ly|also|not|often|usually|always|still|then|only|very|most|more|all|now|"
    r"thus|therefore|however|,) )*"
)
_HEADS = (
    r"(?:choice|option|treatment|therapy|test|study|investigation|modality|approach|"
    r"management|step|imaging|agent|drug|antibiotic|regimen|strategy|intervention|"
    r"examination|measure|course|dose|procedure)s?"
)
_DEONTIC = re.compile(
    # modals ("the need to" is a noun, "should the pain persist" a condition: see _blanked)
    r" (?:should|must|ought to|have to|be to be) |(?<! the)(?<! number) need to "
    # predicates (a bare adjective or participle: see _PREDICATE)
    rf"| (?:be|remain) {_ADV}(?:important|critical|vital|key|wise|prudent|best|better|"
    r"safest|safer) (?:to|that) "
    rf"| (?:be|remain|become) {_ADV}(?:the|a|an|one|all) (?:[a-z-]+ ){{0,2}}?(?:"
    rf"(?:prefer|preferred|recommend|recommended|appropriate|best|optimal|reasonable|"
    rf"initial|standard|first-line|second-line) (?:[a-z-]+ )?{_HEADS} "
    r"|(?:first|second) (?:choice|step)s? |option |mainstay |cornerstone |gold standard )"
    r"| (?:first|second|third)-line | (?:first|second) line (?:of )?(?:treatment|therapy|"
    rf"agent|option|drug)| (?:be|remain) {_ADV}(?:first|second|third) line "
    r"|(?:^| )(?:the )?(?:mainstay|cornerstone) of | standard of care "
    r"| gold standard | (?:treatment|therapy|drug|test|investigation|modality|imaging|"
    r"antibiotic|agent)s? of choice | contraindicate[d]? "
    # "The standard initial treatment for myositis is…"
    r"|^ (?:the )?(?:standard|recommend|recommended|prefer|preferred|first-line|initial|"
    r"optimal|best|usual|most effective|most appropriate) "
    rf"(?:[a-z-]+ ){{0,2}}?{_HEADS} (?:[^ ]+ ){{0,8}}?(?:be|include|consist|involve) "
    # recommending
    r"| recommend | advise against | urge "
    r"| (?:we|guideline|guidelines|society|societies|expert|experts|nice|who|cdc|idsa|acr|"
    r"eular|panel|consensus|authors) (?:[a-z]+ ){0,2}?(?:suggest|advise|favour|favor|"
    r"endorse|support|advocate|propose|prefer) "
    # options put to the reader
    rf"| (?:can|may|could|might) {_ADV}be {_ADV}(?:consider|offer|try|start|initiate|add|"
    r"necessary|require|need|indicate|warrant|appropriate|advisable|recommend|prefer|"
    r"reserve|attempt|perform|discuss|give) "
    rf"| (?:be )?{_ADV}consider (?:if|when|for|in|after|only|first|once|where|before|"
    r"as an option|an option|early) "
    r"| have no (?:role|place) | no need (?:for|to) "
    # "the importance of obtaining cultures", "the need for early drainage"
    r"|^ (?:the )?(?:importance|need|necessity) (?:of|for) "
    r"| (?:emphasize|emphasise|stress|highlight|underline|underscore|reinforce) the "
    r"(?:importance|need|necessity) (?:of|for|to) "
)
# "is essential", "are indicated", "is reserved for": the word must end the predicate or
# open its complement; "is essential reading" is a noun phrase (checked in ``recommends``).
_PREDICATE = re.compile(
    rf" (?:be|remain|become|seem|appear) {_ADV}(?:essential|crucial|necessary|mandatory|"
    r"obligatory|imperative|paramount|indicate|contraindicate|contraindicated|require|need|"
    r"warrant|advisable|inadvisable|preferable|prefer|preferred|recommend|recommended|advise|"
    r"suggest|encourage|discourage|reserve|reserved|appropriate|inappropriate|unnecessary|"
    r"unwarranted|justify|key|favour|favor|advocate|endorse|"
    r"(?:best|better) (?:avoid|reserve|treat|manage|give|use))(?! by ) (?P<next>[^ ]*)"
)
# What a patient or condition requires or needs (not "as needed", "the patient's needs",
# "requires 20 minutes").
_NEEDS = re.compile(
    r"(?<! as)(?<! if)(?<! when)(?<! where)(?<! the)(?<! their)(?<! your)(?<! special)"
    r" (?:require|need|warrant|mandate|necessitate|merit) (?!to )(?!\d)(?=[a-z])"
)
_ASIDE = re.compile(
    r" (?:should|must) (?:also )?be (?:note|remember|mention|emphasize|emphasise|stress|say) "
    r"| (?:important|worth) (?:to )?(?:note|remember|mention|bear in mind|be aware) "
    # an expectation, not advice: "fever should resolve within 48 hours"
    rf"| should {_ADV}(?:resolve|improve|settle|subside|heal|recover|disappear|clear|"
    r"return|normalise|normalize|fall|decrease|begin to improve|start to improve) "
)
# What the page says of itself: "this information should not replace your doctor's advice".
_DISCLAIMER = re.compile(
    r"\b(?:this|the)\s+(?:content|information|article|page|site|website|material|answer)\b"
    r"[^.]{0,60}\b(?:should|must|does|is|can)\s*not\s+(?:replace|substitute|be\s+(?:used|"
    r"considered|a substitute|taken))"
)
# Safety for a group of people: "is not safe in pregnancy" ("when they are safe for the
# patient" is a condition). Over the lowercased sentence, not the lemmas.
_SAFE_FOR = re.compile(
    r"\b(?:is|are)\s+(?:not\s+)?(?:safe|unsafe|suitable|unsuitable)\s+(?:to\s+\w+\s+)?"
    r"(?:in|during|for|while)\s+(?:pregnan|breastfeed|children|babies|infants|older|"
    r"adults|women|people\s+with|anyone)"
)
SAFETY_NET = re.compile(
    # with what tells the reader to do it: "you should always consult your doctor"
    r"(?:\b(?:you|patients|they|people|parents|we)\s+)?(?:(?:should|must|need\s+to|always|"
    r"also|promptly|immediately)\s+)*"
    r"(?:\b(?:see|call|contact|consult|ask|tell|talk to|speak to|speak with)\s+(?:a|your)\s+"
    r"(?:doctor|gp|pharmacist|nurse|health\s?care (?:provider|professional|team)|clinician|"
    r"midwife|dentist|health visitor|care team|medical team|specialist nurse)\b"
    r"|\bseek\s+(?:(?:medical|urgent|emergency|immediate|prompt)\s+){1,2}"
    r"(?:help|care|advice|attention)(?:\s+(?:promptly|immediately|urgently|straight away))?\b"
    r"|\b(?:call|dial)\s+(?:911|999|112|111|an ambulance|emergency services)\b)"
)

# Words that open a leading condition or circumstance: the clause after its comma may be
# an imperative ("If conservative management fails, consider…").
_LEADERS = words(
    "if when where once after before until unless in for during with at on while as from "
    "by since following given ideally then otherwise initially first next finally "
    "alternatively additionally also meanwhile thereafter afterwards later subsequently "
    "second third lastly to whenever"
)
# Openings that are not advice a reviewer would source (reading, logistics, storage).
_NOT_ADVICE = words(
    "see note read learn remember imagine click visit watch find go let say suppose think "
    "know understand hear listen thank welcome join explore discover share sign download "
    "print subscribe enjoy picture meet be store discard dispose bring book"
)
# Verbs that are nouns too ("check", "rest", "test"), used as instructions in clinical
# text: at the opening of a clause they are read as verbs unless what follows shows a
# noun ("Test results are…"). Other such words need a determiner after them ("Rest the
# joint"), so that "People with…", "Risk of…" and "Grade 2…" stay statements.
_CLINICAL_ACTIONS = words(
    "check start stop test screen monitor review repeat treat offer switch taper drain "
    "image ice rest mark hold limit order counsel support target dose control measure "
    "record document time escalate look plan schedule splint brace tape massage stretch "
    "heat cool scan culture swab biopsy aspirate change increase decrease double halve "
    "restart resume wean rule follow use give take keep combine cover aim try report "
    "exclude trial load"
)
_URGENT = words("urgent urgently immediate immediately emergency emergent same-day")
_SOFTENERS = words("please always also then first now only still just and")


def recommends(lower: str, *, counts_people: bool = False) -> bool:
    """Whether a lowercased sentence recommends (``counts_people``: it is a statistic, so
    "2 in 100 patients need surgery" reports an outcome, not a need)."""
    if _SAFE_FOR.search(lower):
        return True
    if _DISCLAIMER.search(lower):
        return False
    words = tokens(SAFETY_NET.sub(" ", lower))
    if not words:
        return False
    lemmas = " " + " ".join(lemma(w) for w in words) + " "
    lemmas = _blanked(lemmas)
    if _DEONTIC.search(lemmas):
        return True
    for match in _PREDICATE.finditer(lemmas):
        following = match.group("next")
        if not following or not following[0].isalpha() or "NOUN" not in parts(following):
            return True
    if not counts_people and _NEEDS.search(lemmas) and not _counts_time(lemmas):
        return True
    return any(_imperative(words, start) for start in _clause_starts(words))


def _blanked(lemmas: str) -> str:
    lemmas = _ASIDE.sub(" ", lemmas)
    # "Should the pain persist, …": an inverted condition, not advice.
    if lemmas.startswith(" should "):
        lemmas = lemmas[len(" should") :]
    return lemmas


def _counts_time(lemmas: str) -> bool:
    return bool(re.search(r" (?:require|need) (?:about |around |only |at least )?\d", lemmas))


def _clause_starts(words: list[str]) -> list[int]:
    """Where a clause may open with an imperative: the start, after a label's colon,
    after a leading condition's comma, after a semicolon."""
    starts = [0]
    head = words[:10]
    if ":" in head:
        starts.append(head.index(":") + 1)
    if words[0] in _LEADERS and "," in words[:25]:
        starts.append(words.index(",") + 1)
    starts += [i + 1 for i, w in enumerate(words) if w == ";"]
    return [s for s in starts if s < len(words)]


def _imperative(words: list[str], start: int) -> bool:
    i = start
    while i + 1 < len(words) and (words[i] in _SOFTENERS or _adverb(words[i])):
        if words[i] == "always":
            return is_base_verb(words[i + 1])
        i += 1
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    if word == "do" and following == "not":
        return True
    if word == "never":
        return is_base_verb(following)
    if word in _URGENT and start > 0:  # "Papilloedema: urgent imaging…"
        return True
    if word in _NOT_ADVICE or not is_base_verb(word):
        return False
    if is_verb_only(word):
        return not is_finite_verb(following) or following == ""
    return _homograph_is_verb(words, i)


def _adverb(word: str) -> bool:
    """ "Gradually", "promptly": an adverb in -ly (not "only", "early" or "supply")."""
    return word.endswith("ly") and "ADV" in parts(word) and "VERB" not in parts(word)


def _homograph_is_verb(words: list[str], i: int) -> bool:
    """A word that is a noun or an adjective as well as a verb ("rest", "test", "check",
    "start"), opening a clause: a verb when what follows reads as its object."""
    rest = [w for w in words[i + 1 :]]
    while rest and rest[0].endswith("ly") and rest[0] not in ("only",):
        rest = rest[1:]  # "Pain usually starts…", "Monitor closely…"
    if not rest:
        return False
    following = rest[0]
    if following in AUXILIARIES or is_finite_verb(following) or following == "of":
        return False  # "Exercise has…", "Review of systems"
    if following in DETERMINERS:  # "Rest the joint", "Mark the edge"
        return True
    if words[i] not in _CLINICAL_ACTIONS or not following[0].isalnum():
        return False
    if following in ("and", "or"):  # "Rest and ice" (options) / "Rest and apply ice"
        return len(rest) > 1 and is_verb_only(rest[1])
    found = parts(following)
    if "NOUN" in found and "VERB" in found and following.endswith("s"):
        return False  # a compound noun: "Ice packs", "Test results"
    # A finite verb in the same clause makes the opening word its subject ("Heat therapy
    # helps maintain mobility").
    for position, word in enumerate(rest):
        if word in (",", ";", ":", "(") or word in _LEADERS:
            break
        after = rest[position + 1] if position + 1 < len(rest) else ""
        if word in AUXILIARIES or is_finite_verb(word):
            return False
        if word.endswith("s") and "VERB" in parts(word) and is_verb_only(after):
            return False
    return True
