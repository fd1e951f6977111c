"""``@name`` mentions in review comments: how they are written and found.

A mention is ``@`` followed by a username (letters, digits, ``.``, ``_``, ``-``), starting
with a letter, not preceded by a letter, digit or ``.`` (so ``jane@example.org`` is an
address, not a mention) and ``@ 8 h`` is plain text. Trailing dots are punctuation.
"""

from __future__ import annotations

import re

_MENTION = re.compile(r"(?<![\w.@])@([A-Za-z][\w.-]*)")


def mentioned_names(text: str) -> list[str]:
    """The usernames mentioned in ``text``, each once, in order of first mention."""
    names = [m.group(1).rstrip(".-") for m in _MENTION.finditer(text or "")]
    return list(dict.fromkeys(names))
