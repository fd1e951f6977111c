"""Addresses and dates the public pages print many times, made without the template engine.

A list of 20 articles would otherwise ``reverse()`` and run the ``date`` filter 60 times
per page. An address taking a slug is reversed once per script prefix and the slug put in
it (slugs are ``[-a-zA-Z0-9_]``, nothing to quote); dates are printed in the site's time zone
as the templates print them ("November 24, 2026").
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone

_SLUG = "slug-placeholder"


@lru_cache(maxsize=64)
def _pattern(name: str, prefix: str) -> tuple[str, str]:
    before, _, after = reverse(name, args=[_SLUG]).partition(_SLUG)
    return before, after


def slug_url(name: str, slug: str) -> str:
    """The same as ``reverse(name, args=[slug])`` for a URL taking one slug."""
    before, after = _pattern(name, get_script_prefix())
    return f"{before}{slug}{after}"


def article_url(slug: str) -> str:
    """The same as ``reverse("readers:article", args=[slug])``."""
    return slug_url("readers:article", slug)


def board_url() -> str:
    """The same as ``reverse("readers:board")``."""
    return _site(get_script_prefix())["board"]


@lru_cache(maxsize=64)
def _member_pattern(prefix: str) -> tuple[str, str]:
    before, _, after = reverse("readers:board_member", args=[987654321]).partition("987654321")
    return before, after


def member_url(member_id: int) -> str:
    """The same as ``reverse("readers:board_member", args=[member_id])``."""
    before, after = _member_pattern(get_script_prefix())
    return f"{before}{member_id}{after}"


@lru_cache(maxsize=8)
def _site(prefix: str) -> dict[str, str]:
    return {
        "home": reverse("readers:home"),
        "board": reverse("readers:board"),
        "policy": reverse("readers:editorial_policy"),
        "staff_sign_in": f"{reverse('admin:login')}?next={reverse('review:dashboard')}",
        "audience_patient": reverse("readers:set_audience", args=["patient"]),
        "audience_clinician": reverse("readers:set_audience", args=["clinician"]),
        "css": static("readers/site.css"),
        "favicon": static("readers/favicon.svg"),
    }


def site_links(request) -> dict:
    """Context processor: ``site.home``, ``site.board``… for the public layout's links."""
    return {"site": _site(get_script_prefix())}


def long_date(value: date | datetime | None) -> str:
    """ "November 24, 2026" (a datetime in the current time zone), "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%B} {value.day}, {value.year}"


def iso(value: date | datetime | None) -> str:
    """The ``datetime`` attribute of a <time> element ("" for None)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat()
