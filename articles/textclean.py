"""Characters that must not reach the database or a reader's screen.

Every boundary that takes text from people or files (forms, services, imports, look-ups)
passes it through here, so that nothing depends on each form remembering:

- **Control characters** (NUL and the other C0 controls except tab, line feed and carriage
  return, plus DEL, and lone UTF-16 surrogates): PostgreSQL refuses NUL in text
  (``DataError``, a 500), and none of them belongs in an article or a reference. Always
  stripped.
- **Invisible formatting characters** in one-line names (titles, people's names):
  right-to-left overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make a title
  read differently from what it is, and zero-width characters (U+200B–U+200D, U+2060,
  U+FEFF) make two identical-looking names differ. Services refuse them in what people
  type (with the message from ``invisible_problem``); imports strip them.

A decision: zero-width joiners are also used by a few scripts (Persian, Indic) and emoji;
in a medical question's title or a reviewer's name their loss is harmless, their misuse
is not.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab/LF/CR, DEL, and lone surrogates (JSON "\ud800" decodes to one;
# no database encoding can store it).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]")


def strip_control(value: str) -> str:
    """``value`` without control characters (tab, newlines kept)."""
    return CONTROL.sub("", value) if value else value


def clean_line(value: str) -> str:
    """A one-line name: no control or invisible formatting characters."""
    return INVISIBLE.sub("", strip_control(value)) if value else value


def invisible_problem(value: str, what: str) -> str | None:
    """The refusal for a name holding control or invisible characters, or ``None``."""
    found = sorted(set(INVISIBLE.findall(value or "")) | set(CONTROL.findall(value or "")))
    if not found:
        return None
    names = ", ".join(
        f"U+{ord(c):04X} {unicodedata.name(c, 'control character').lower()}" for c in found
    )
    return (
        f"The {what} contains invisible characters that can disguise text ({names}): "
        "remove them (retype the text rather than pasting it)."
    )


def validate_visible(value: str) -> None:
    """Model/form validator for one-line names: refuses control and invisible characters."""
    from django.core.exceptions import ValidationError

    problem = invisible_problem(value, "text")
    if problem:
        raise ValidationError(problem, code="invisible_characters")
