"""Ids that arrive in a request (query strings, form fields), parsed once.

A database id is a positive integer that fits the 64-bit columns every backend uses. A
value that is not one ("abc", "", "-1", "9223372036854775808") can name no row, so views
answer it as they answer an id that names none: 404 (or a message where the page asks
the person to choose again), never a 500 from deep in the ORM (``OverflowError`` on
SQLite, ``DataError`` on PostgreSQL).
"""

from __future__ import annotations

from django.http import Http404
from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest value of a BigAutoField (and of SQLite's INTEGER)


def parse_id(value) -> int | None:
    """``value`` as a database id, or ``None`` when it cannot be one."""
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def id_or_404(value, what: str = "item") -> int:
    """``value`` as a database id; 404 naming ``what`` when it cannot be one."""
    number = parse_id(value)
    if number is None:
        raise Http404(f"No such {what}.")
    return number


class DatabaseIdConverter:
    """``<id:pk>`` in a URL pattern: a database id, else the URL matches nothing (404)."""

    regex = "[0-9]{1,20}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # Django then tries the next pattern, and answers 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(DatabaseIdConverter, "id")  # once: this module is imported once
