"""Comments anchored to the text: a quoted passage highlighted where it stands now.

A comment may quote a passage (what the reviewer selected or pasted). On every view of
the review page the quote is looked for in the current text as readers see it (the
rendered HTML, tags ignored, whitespace and Markdown emphasis marks not significant), so
the anchor survives edits elsewhere, and moves with the passage. Found: the passage is
wrapped in ``<mark class="anchor" id="anchor-<comment id>">``. Not found (the passage was
edited or removed): the comment is marked "passage changed". Nothing is stored: the
anchor is recomputed from the quote each time, so it can never point at stale offsets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

_TAG = re.compile(r"(<[^>]*>)")
_CITATION = re.compile(r"\[@[^\]]*\]")
_MARKUP = re.compile(r"[*_`]+")
MIN_QUOTE = 3  # characters; shorter quotes would match anywhere


@dataclass(frozen=True)
class Anchored:
    body_html: str
    found: frozenset[int]  # ids of the comments whose passage is in the text


def _pattern(quote: str) -> re.Pattern | None:
    text = _MARKUP.sub("", _CITATION.sub("", quote))
    words = text.split()
    if len("".join(words)) < MIN_QUOTE:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def anchor_quotes(body_html: str, quotes: Iterable[tuple[int, str]]) -> Anchored:
    """Highlight each ``(comment id, quote)`` at its first place in ``body_html``."""
    parts = _TAG.split(body_html)  # even indexes: text; odd: tags
    texts = {i: html.unescape(parts[i]) for i in range(0, len(parts), 2)}
    plain, owners = [], []  # the text readers see; for each char, (part, offset)
    for i in range(0, len(parts), 2):
        plain.append(texts[i])
        owners.extend((i, k) for k in range(len(texts[i])))
    plain_text = "".join(plain)
    marks: dict[int, list[tuple[int, int, int, bool]]] = {}  # part -> (start, end, id, first)
    taken: list[tuple[int, int]] = []
    found = set()
    for comment_id, quote in quotes:
        pattern = _pattern(quote or "")
        if pattern is None:
            continue
        match = next(
            (
                m
                for m in pattern.finditer(plain_text)
                if not any(m.start() < end and start < m.end() for start, end in taken)
            ),
            None,
        )
        if match is None:
            continue
        found.add(comment_id)
        taken.append((match.start(), match.end()))
        first = True
        position = match.start()
        while position < match.end():
            part, offset = owners[position]
            length = min(len(texts[part]) - offset, match.end() - position)
            marks.setdefault(part, []).append((offset, offset + length, comment_id, first))
            first = False
            position += length
    for part, spans in marks.items():
        text, out, cursor = texts[part], [], 0
        for start, end, comment_id, first in sorted(spans):
            out.append(html.escape(text[cursor:start], quote=False))
            anchor_id = f' id="anchor-{comment_id}"' if first else ""
            out.append(
                f'<mark class="anchor"{anchor_id} data-comment="{comment_id}" '
                f'title="Quoted in a comment">{html.escape(text[start:end], quote=False)}</mark>'
            )
            cursor = end
        out.append(html.escape(text[cursor:], quote=False))
        parts[part] = "".join(out)
    return Anchored(body_html="".join(parts), found=frozenset(found))
