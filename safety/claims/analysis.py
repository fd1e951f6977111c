"""Cutting a Markdown body into paragraphs, list items and sentences; coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from syntok import segmenter

from references.markers import find_markers

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


@lru_cache(maxsize=512)
def coverage(body: str) -> tuple[str, int]:
    """``("12 of 14 claims cited", uncited count)`` of ``body``, for lists of articles.

    Kept per text (the key is the body itself, so an edit is never served a stale
    figure): the dashboard and the admin list show it on every row at every page view,
    and analysing a long article takes 15-20 ms.
    """
    analysis = analyse(body or "")
    return analysis.coverage_label, len(analysis.uncovered)
