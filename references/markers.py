"""Citation markers in Markdown bodies: finding, numbering and rendering them.

Syntax (a deliberately small subset of Pandoc's citation syntax):

- A marker is a bracketed group of one or more keys separated by semicolons:
  ``[@liu2011]`` or ``[@liu2011; @iliopsoas2016]``. Spaces around keys are allowed.
- A key starts with a letter, digit or ``_`` and continues with word characters and
  *internal* punctuation ``: . # $ % & - + ? < > ~ /`` (punctuation must be followed by
  a word character, so ``@smith2019.`` ends before the dot), as in Pandoc.
- Brackets holding anything else (``[see @key]``, ``[@key, p. 3]``), Markdown links such
  as ``[@key](https://...)``, escaped brackets (``\\[@key]``) and bare ``@key`` are
  left alone: they are plain text.
- Markers inside fenced code blocks (```` ``` ```` or ``~~~``) and inline code spans are
  ignored. Indented (4-space) code blocks are not recognised: they collide with list
  continuation lines and nobody writes citations in them.

Locations: ``line`` is the 1-based line of the marker's ``[``. ``paragraph`` is the
1-based number of the block holding it, where blocks are runs of non-blank lines
separated by blank lines, a fenced code block counts as one block, and headings do not
count (the text under a heading starts the next block). That is what an editor counts
when told "paragraph 3".

Rendering runs on the Markdown *source*, before Markdown conversion: the output is
inline raw HTML (``<sup>``/``<a>``), which Markdown passes through untouched, and code
spans/blocks are left as they are so code samples keep their literal ``[@key]``. The
HTML sanitiser applied after Markdown must allow ``sup`` and ``a`` with ``class`` and
``href``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

KEY_PATTERN = r"[A-Za-z0-9_](?:\w|[:.#$%&\-+?<>~/]+(?=\w))*"
_ITEM = rf"\s*@({KEY_PATTERN})\s*"
_MARKER = re.compile(rf"(?<!\\)\[((?:{_ITEM};)*{_ITEM})\](?![(\[])")
_KEY = re.compile(rf"@({KEY_PATTERN})")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")  # an ATX heading line
_LINES = re.compile(r"[^\n]*\n|[^\n]+$")  # lines split on \n only, as line numbers are

RANGE_DASH = "\u2013"  # en dash, as typeset in AMA journals ("1–3")


@dataclass(frozen=True)
class Marker:
    """One citation marker: its keys in written order and where it sits in the body."""

    keys: tuple[str, ...]
    start: int
    end: int
    paragraph: int
    line: int


class UnknownKey(NamedTuple):
    """A cited key that is not in the reference list, with where it was cited."""

    key: str
    paragraph: int
    line: int

    @property
    def message(self) -> str:
        return f"unknown citation key '{self.key}' in paragraph {self.paragraph}"


class MalformedMarker(NamedTuple):
    """Text that starts like a citation marker (``[@``) but does not parse as one."""

    text: str
    paragraph: int
    line: int

    @property
    def message(self) -> str:
        return (
            f"malformed citation marker '{self.text}' in paragraph {self.paragraph}"
            " (write [@key] or [@key1; @key2])"
        )


_MARKER_START = re.compile(r"(?<!\\)\[\s*@")
_MALFORMED_LIMIT = 40  # characters of an unclosed marker quoted in the message


def malformed_markers(body: str) -> list[MalformedMarker]:
    """Every ``[@`` outside code that does not open a valid marker, in order.

    ``[@ key]`` (space after ``@``), ``[@]``, ``[@key`` with no closing bracket on its line
    and ``[@key, p. 3]`` (locators are not supported) all reach readers as raw text, so
    submission and approval refuse them. Markdown links (``[@key](url)``, ``[@key][ref]``)
    are not markers and are left alone.
    """
    masked = _mask_code(body)
    valid = {marker.start for marker in find_markers(body)}
    line_starts = _line_starts(body)
    paragraphs = _paragraph_of_lines(body)
    found = []
    for match in _MARKER_START.finditer(masked):
        start = match.start()
        if start in valid:
            continue
        line_end = masked.find("\n", start)
        line_end = len(masked) if line_end == -1 else line_end
        close = masked.find("]", start, line_end)
        if close != -1 and masked[close + 1 : close + 2] in ("(", "["):
            continue  # a Markdown link or reference, not a citation
        if close != -1:
            text = body[start : close + 1]
        else:
            text = body[start:line_end].rstrip()
            word = re.match(r"\[\s*@\S*", text)
            text = word.group() if word else text
        if len(text) > _MALFORMED_LIMIT:
            text = text[: _MALFORMED_LIMIT - 1] + "\u2026"
        line = _line_of(line_starts, start)
        found.append(MalformedMarker(text, paragraphs[line - 1], line))
    return found


def find_markers(body: str) -> list[Marker]:
    """All citation markers outside code, in order of appearance."""
    masked = _mask_code(body)
    line_starts = _line_starts(body)
    paragraphs = _paragraph_of_lines(body)
    markers = []
    for match in _MARKER.finditer(masked):
        keys = tuple(_KEY.findall(match.group(1)))
        line = _line_of(line_starts, match.start())
        markers.append(
            Marker(
                keys=keys,
                start=match.start(),
                end=match.end(),
                paragraph=paragraphs[line - 1],
                line=line,
            )
        )
    return markers


def cited_keys(body: str) -> list[str]:
    """Distinct cited keys in order of first appearance."""
    return list(number_citations(body))


def number_citations(body: str) -> dict[str, int]:
    """Number keys by first appearance (Vancouver/AMA); a key cited again keeps its number."""
    numbers: dict[str, int] = {}
    for marker in find_markers(body):
        for key in marker.keys:
            numbers.setdefault(key, len(numbers) + 1)
    return numbers


def unknown_keys(body: str, known: Iterable[str]) -> list[UnknownKey]:
    """Every citation of a key not in ``known``, in order (one entry per occurrence)."""
    known_set = set(known)
    return [
        UnknownKey(key, marker.paragraph, marker.line)
        for marker in find_markers(body)
        for key in marker.keys
        if key not in known_set
    ]


def render_markers(
    body: str,
    numbers: dict[str, int],
    link: Callable[[int], str] = lambda n: f"#ref-{n}",
) -> str:
    """Replace each marker with superscript numbers linked to the reference list.

    Numbers in a group are sorted; runs of 3+ consecutive numbers become ranges with an
    en dash, everything else is joined by commas without spaces (AMA 11th: ``1,2``,
    ``1–3``, ``2,5–7``). A key missing from ``numbers`` is rendered as a visible, escaped
    ``[?key]`` marker with class ``citation--unknown`` instead of failing, so a preview
    still shows where the problem is.

    Spaces and tabs just before a marker are dropped: the superscript follows the word
    (``aureus¹``), as Pandoc's citeproc and AMA do; a marker at the start of a line keeps
    its place.
    """
    pieces = []
    cursor = 0
    for marker in find_markers(body):
        before = body[cursor : marker.start]
        stripped = before.rstrip(" \t")
        pieces.append(stripped if stripped and not stripped.endswith("\n") else before)
        pieces.append(_render_group(marker.keys, numbers, link))
        cursor = marker.end
    pieces.append(body[cursor:])
    return "".join(pieces)


def compress_numbers(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted distinct numbers as (first, last) runs; runs of two stay two singles."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    out: list[tuple[int, int]] = []
    for first, last in runs:
        if last - first == 1:
            out.extend([(first, first), (last, last)])
        else:
            out.append((first, last))
    return out


def _render_group(
    keys: tuple[str, ...], numbers: dict[str, int], link: Callable[[int], str]
) -> str:
    known = [numbers[k] for k in keys if k in numbers]
    parts = []
    if known:
        parts.append(f'<sup class="citation">{_render_numbers(known, link)}</sup>')
    for key in dict.fromkeys(k for k in keys if k not in numbers):
        parts.append(f'<sup class="citation citation--unknown">{_escape_key(key)}</sup>')
    return "".join(parts)


def _render_numbers(numbers: list[int], link: Callable[[int], str]) -> str:
    def anchor(n: int) -> str:
        return f'<a href="{html.escape(link(n))}">{n}</a>'

    items = []
    for first, last in compress_numbers(numbers):
        if first == last:
            items.append(anchor(first))
        else:
            items.append(f"{anchor(first)}{RANGE_DASH}{anchor(last)}")
    return ",".join(items)


def _escape_key(key: str) -> str:
    """``[?key]`` escaped for HTML, with Markdown-active characters as entities.

    Brackets and underscores become character references so that the Markdown pass that
    follows cannot read them as links or emphasis; browsers show them unchanged.
    """
    text = html.escape(key).replace("_", "&#95;")
    return f"&#91;?{text}&#93;"


def _mask_code(body: str) -> str:
    """The body with fenced code blocks and inline code spans blanked out (same offsets)."""
    chars = list(body)
    for start, end in _fenced_ranges(body):
        _blank(chars, start, end)
    partly = "".join(chars)
    for start, end in _code_span_ranges(partly):
        _blank(chars, start, end)
    return "".join(chars)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _fenced_ranges(body: str) -> list[tuple[int, int]]:
    ranges = []
    offset = 0
    fence: str | None = None
    fence_start = 0
    for line in _LINES.findall(body):
        if fence is None:
            opened = _FENCE_OPEN.match(line)
            if opened:
                fence, fence_start = opened.group(1), offset
        elif _closes_fence(line, fence):
            ranges.append((fence_start, offset + len(line)))
            fence = None
        offset += len(line)
    if fence is not None:  # an unclosed fence runs to the end (CommonMark)
        ranges.append((fence_start, len(body)))
    return ranges


def _closes_fence(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
    )


def _code_span_ranges(text: str) -> list[tuple[int, int]]:
    """Inline code spans: a run of N backticks up to the next run of exactly N."""
    ranges = []
    pos = 0
    while True:
        opening = _BACKTICKS.search(text, pos)
        if not opening:
            return ranges
        width = len(opening.group())
        closing = _BACKTICKS.search(text, opening.end())
        while closing and len(closing.group()) != width:
            closing = _BACKTICKS.search(text, closing.end())
        if closing is None:
            pos = opening.end()  # unmatched run: literal backticks
            continue
        ranges.append((opening.start(), closing.end()))
        pos = closing.end()


def _line_starts(body: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", body))
    return starts


def _line_of(line_starts: list[int], offset: int) -> int:
    lo, hi = 0, len(line_starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo + 1


def _paragraph_of_lines(body: str) -> list[int]:
    """Block number (1-based) of every line; blank lines and headings get the previous
    block's number.

    A line starts a new block when it is not blank and either follows a blank line or
    enters/leaves a fenced code block. Lines inside a fence are never blank.
    """
    fence_of_line = _fence_of_lines(body)
    numbers = []
    block = 0
    previous_blank, previous_fence = True, None
    for index, line in enumerate(body.split("\n")):
        fence = fence_of_line.get(index)
        if fence is None and _HEADING.match(line):
            # A heading is not a paragraph people count: the text under it starts the next.
            numbers.append(max(block, 1))
            previous_blank, previous_fence = True, None
            continue
        blank = fence is None and not line.strip()
        if not blank and (previous_blank or fence != previous_fence):
            block += 1
        numbers.append(max(block, 1))
        previous_blank, previous_fence = blank, fence
    return numbers


def _fence_of_lines(body: str) -> dict[int, int]:
    """Map 0-based line index to the index of the fenced block that holds it."""
    lines: dict[int, int] = {}
    for number, (start, end) in enumerate(_fenced_ranges(body)):
        first = body.count("\n", 0, start)
        last = body.count("\n", 0, max(end - 1, start))
        for index in range(first, last + 1):
            lines[index] = number
    return lines
