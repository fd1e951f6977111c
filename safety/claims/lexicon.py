"""Words, their lemmas and their parts of speech, for the recommendation grammar.

The lexicon is lemminflect's lookup table (``getAllLemmas``): every English word form it
knows with the lemmas it has for each universal part of speech, drawn from the NLM's
SPECIALIST Lexicon, so it knows clinical verbs ("aspirate", "reassess", "discontinue")
as well as everyday ones. Only the lookup is used (no model, no download): the table is
read once, on first use (~0.1 s), and each word is then a dictionary look-up.
"""

from __future__ import annotations

import re
from functools import lru_cache

# One token per word (hyphenated and apostrophe words whole: "first-line", "must-read",
# "don't"), per number, and per punctuation mark the grammar anchors on.
TOKEN = re.compile(r"[a-z]+(?:['-][a-z0-9]+)*|\d+(?:[.,]\d+)*|[,;:()\u2013\u2014/]")


def words(text: str) -> frozenset[str]:
    """A set of words written as one string ("the a an")."""
    return frozenset(text.split())


CONTRACTIONS = {
    "it's": ("it", "be"),
    "that's": ("that", "be"),
    "there's": ("there", "be"),
    "don't": ("do", "not"),
    "doesn't": ("do", "not"),
    "didn't": ("do", "not"),
    "isn't": ("be", "not"),
    "aren't": ("be", "not"),
    "wasn't": ("be", "not"),
    "weren't": ("be", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "shouldn't": ("should", "not"),
    "mustn't": ("must", "not"),
    "won't": ("will", "not"),
}

# Closed classes the lexicon does not cover (it lists open-class words).
FUNCTION_WORDS = words(
    "the a an all any each every both either neither no some this that these those your "
    "their his her its our my them him it you us for with without to from on in at into "
    "onto off out up down over under within by as until till before after if when while "
    "unless whether not only again further other another more less than per via through "
    "across around about between among once because where since though although whereas "
    "so and or but"
)
AUXILIARIES = words(
    "is are was were be been being am has have had do does did can could may might will "
    "would shall should must ought"
)
DETERMINERS = words(
    "the a an all any each every both either this that these those your their his her its "
    "our them it him you"
)


@lru_cache(maxsize=1)
def _table():
    from lemminflect import getAllLemmas  # read on first use, not at Django start-up

    return getAllLemmas


@lru_cache(maxsize=20000)
def parts(word: str) -> dict[str, tuple[str, ...]]:
    """{universal part of speech: lemmas} for a lowercase word ({} if unknown)."""
    if word in FUNCTION_WORDS or not word.isalpha():
        return {}
    return _table()(word)


# Auxiliaries keep their own form ("should" is not "shall"), except "be", "have", "do".
_AUXILIARY_LEMMAS = {
    **{w: "be" for w in ["is", "are", "was", "were", "be", "been", "being", "am"]},
    **{w: "have" for w in ["has", "have", "had", "having"]},
    **{w: "do" for w in ["do", "does", "did"]},
}


@lru_cache(maxsize=20000)
def lemma(word: str) -> str:
    """The verb lemma where the word can be a verb ("required" -> "require"), else the
    word itself (nouns keep their number: "recommendations" stays)."""
    if word in AUXILIARIES:
        return _AUXILIARY_LEMMAS.get(word, word)
    found = parts(word)
    for pos in ("AUX", "VERB"):
        if pos in found:
            return found[pos][0]
    return word


def is_base_verb(word: str) -> bool:
    """The bare (infinitive / imperative) form of a verb: "consider", "refer", "rest"."""
    return word in parts(word).get("VERB", ())


def is_verb_only(word: str) -> bool:
    found = parts(word)
    return bool(found) and set(found) <= {"VERB", "AUX"}


def is_finite_verb(word: str) -> bool:
    """A form that can only be an inflected verb ("reduces", "occurred"), or an auxiliary;
    not a participle in -ing ("predisposing conditions")."""
    if word in AUXILIARIES:
        return True
    if word.endswith("ing"):
        return False
    found = parts(word)
    return "VERB" in found and word not in found["VERB"] and set(found) <= {"VERB", "AUX"}


def tokens(lower: str) -> list[str]:
    """The tokens of a lowercased sentence, contractions expanded."""
    out: list[str] = []
    for token in TOKEN.findall(lower.replace("\u2019", "'")):
        out.extend(CONTRACTIONS.get(token, (token,)))
    return out
