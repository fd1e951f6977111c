"""The Jinja2 environment for the public pages' heaviest parts (``settings.TEMPLATES``).

The article page is the page readers load most, and a page-cache miss renders it whole.
Django's template engine took about half a millisecond for its <article> alone (a hundred
variable look-ups and conditions); Jinja2 compiles templates to Python and takes a fraction
of that. The board page's list of members (hundreds of them, each with a few links) is
the other Jinja2 part. Only those parts are Jinja2 (``jinja2/readers/article_body.html``,
``jinja2/readers/board_members.html``): the layout (``templates/base.html``) and every
other page are Django templates, so there is one layout to keep.

Autoescaping is on (Django's Jinja2 backend); values Django marked safe (``mark_safe``)
are inserted as they are, as in Django templates. An undefined name is an error, not an
empty string, so a typo in the template fails the tests instead of printing nothing.
"""

from __future__ import annotations

from django.urls import reverse

from jinja2 import Environment, StrictUndefined

from . import links


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def environment(**options) -> Environment:
    options["undefined"] = StrictUndefined
    env = Environment(**options)  # noqa: S701 - Django's backend passes autoescape=True
    env.globals["url"] = url
    env.globals["slug_url"] = links.slug_url
    env.filters["long_date"] = links.long_date
    return env
