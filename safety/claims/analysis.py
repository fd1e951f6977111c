"""Cutting an article into paragraphs, list items and sentences; coverage.

The body (and the other audience's body) is Markdown with citation markers; the title and
the summaries are one line of plain text each. A claim in a body is covered by a marker in
it or in the next sentence of its paragraph or list item. The title and the summaries show
no markers to readers: they restate what the body says, so a claim there is covered when
the body of the same version makes a cited claim of the same kind about the same thing
(sharing a content word: "antibiotics", "drainage", "vancomycin").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from syntok import segmenter

from references.markers import find_markers

from .lexicon import words
from .rules import ClaimKind, classify

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_ITEM = re.compile(r"^(\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])\s+)")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_QUOTE = re.compile(r"^(\s*(?:>\s*)+)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)


@dataclass(frozen=True)
class Sentence:
    text: str  # as written in the body, markers included
    start: int  # offsets in the body
    end: int
    paragraph: int  # 1-based paragraph number, headings not counted (as references.markers)
    unit: int  # index of the paragraph, list item or table row holding it
    kinds: tuple[str, ...]
    cited: bool  # carries a marker itself
    covered: bool = False  # cited, or the next sentence of its unit is
    part: str = "body"  # which part of the article: one of PARTS

    @property
    def where(self) -> str:
        """ "paragraph 3", "the summary", "paragraph 2 of the other audience's version"."""
        if self.part == "body":
            return f"paragraph {self.paragraph}"
        if self.part == "alt_body":
            return f"paragraph {self.paragraph} of {PARTS['alt_body']}"
        return PARTS[self.part]

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


# The parts of an article that are analysed, and how messages name them.
PARTS = {
    "title": "the title",
    "summary": "the summary",
    "body": "the body",
    "alt_summary": "the other audience's summary",
    "alt_body": "the other audience's version",
}
_BODY_OF = {"title": "body", "summary": "body", "alt_summary": "alt_body"}

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
            f"uncited claim ({', '.join(s.kinds)}) in {s.where}: “{_shorten(s.quote)}” "
            + (
                "(cite a source in this sentence or the next)"
                if s.part in ("body", "alt_body")
                else f"(cite a source for it in {PARTS[_BODY_OF[s.part]]})"
            )
            for s in self.uncovered
        ]

    def uncovered_labels(self) -> list[str]:
        """Each uncited claim where it is, quoted, with its kinds (for the board)."""
        return [f"{s.where}: “{_shorten(s.quote)}” ({', '.join(s.kinds)})" for s in self.uncovered]

    def highlighted_source(self) -> str:
        """The body with every claim wrapped in a ``<span class="claim …">`` (Markdown)."""
        pieces, cursor = [], 0
        for s in self.claims:
            if s.part != "body":
                continue
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
    analysis = Analysis(body=body or "")
    analysis.sentences.extend(_body_sentences(body or "", "body"))
    return analysis


def analyse_article(
    article=None,
    *,
    title: str = "",
    summary: str = "",
    body: str = "",
    alt_summary: str = "",
    alt_body: str = "",
) -> Analysis:
    """The claims of a whole article: title, summary and body, and the other audience's
    summary and body. Pass an ``Article`` (anything with those attributes) or the texts."""
    if article is not None:
        title, summary, body = article.title, article.summary, article.body
        alt_summary = getattr(article, "alt_summary", "")
        alt_body = getattr(article, "alt_body", "")
    texts = {
        "title": title or "",
        "summary": summary or "",
        "body": body or "",
        "alt_summary": alt_summary or "",
        "alt_body": alt_body or "",
    }
    analysis = Analysis(body=texts["body"])
    bodies = {part: _body_sentences(texts[part], part) for part in ("body", "alt_body")}
    for part in PARTS:
        if part in bodies:
            analysis.sentences.extend(bodies[part])
        else:
            analysis.sentences.extend(_line_sentences(texts[part], part, bodies[_BODY_OF[part]]))
    return analysis


def _line_sentences(text: str, part: str, body: list[Sentence]) -> list[Sentence]:
    """The sentences of a title or summary, covered by what their body cites."""
    line = re.sub(r"\s+", " ", text).strip()
    if not line:
        return []
    cited = [(set(s.kinds), _content_words(s.text)) for s in body if s.is_claim and s.covered]
    sentences = []
    for start, end in _sentence_spans(line, 0, len(line)):
        kinds = classify(line[start:end])
        about = _content_words(line[start:end])
        covered = bool(kinds) and all(
            any(kind in k and about & w for k, w in cited) for kind in kinds
        )
        sentences.append(Sentence(line[start:end], start, end, 0, 0, kinds, False, covered, part))
    return sentences


_STOP = words(
    "about above after again against among because before being below between could "
    "during every first further having other should their there these those through under "
    "until usually where which while would patients people treatment treated cases"
)


def _content_words(text: str) -> set[str]:
    """Words of five letters or more, singular, that say what a claim is about."""
    found = set()
    for word in re.findall(r"[a-z][a-z-]{4,}", text.lower()):
        if word not in _STOP:
            found.add(word[:-1] if word.endswith("s") and not word.endswith("ss") else word)
    return found


def _body_sentences(body: str, part: str) -> list[Sentence]:
    markers = find_markers(body)
    masked = list(body)
    for marker in markers:
        masked[marker.start : marker.end] = " " * (marker.end - marker.start)
    masked_text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), "".join(masked))
    sentences: list[Sentence] = []
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
            sentences.append(
                Sentence(
                    text=shown,
                    start=start,
                    end=start + len(shown),
                    paragraph=unit.paragraph,
                    unit=index,
                    kinds=kinds,
                    cited=cited[i],
                    covered=cited[i] or (i + 1 < len(spans) and cited[i + 1]),
                    part=part,
                )
            )
    return sentences


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
        if _HEADING.match(content):
            # Not a paragraph people count: the text under it starts the next one.
            close()
            previous_blank = True
            continue
        if previous_blank:
            block += 1
        previous_blank = False
        if _TABLE_RULE.match(content):
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


@lru_cache(maxsize=512)
def coverage(body: str) -> tuple[str, int]:
    """``("12 of 14 claims cited", uncited count)`` of ``body``, for lists of articles.

    Kept per text (the key is the body itself, so an edit is never served a stale
    figure): the dashboard and the admin list show it on every row at every page view,
    and analysing a long article takes 15-20 ms.
    """
    analysis = analyse(body or "")
    return analysis.coverage_label, len(analysis.uncovered)


def article_coverage(article) -> tuple[str, int]:
    """``coverage`` of a whole article (title, summaries and bodies), kept per text."""
    return _texts_coverage(
        article.title or "",
        article.summary or "",
        article.body or "",
        getattr(article, "alt_summary", "") or "",
        getattr(article, "alt_body", "") or "",
    )


@lru_cache(maxsize=512)
def _texts_coverage(
    title: str, summary: str, body: str, alt_summary: str, alt_body: str
) -> tuple[str, int]:
    analysis = analyse_article(
        title=title, summary=summary, body=body, alt_summary=alt_summary, alt_body=alt_body
    )
    return analysis.coverage_label, len(analysis.uncovered)
