"""Template filters of the editorial screens and the review parts of the admin."""

from __future__ import annotations

import re

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from review import workspace

register = template.Library()

SHORT = 12  # hex digits shown of a SHA-256; the rest on demand
_SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


@register.filter
def short_hash(value) -> str:
    """A SHA-256 as its first 12 digits; the whole hash opens on a click (or tap).

    ``<details>`` works without JavaScript and on phones, where a ``title`` tooltip never
    shows; the full hash breaks anywhere so it never widens the page. How it looks is in
    the stylesheets (``review/editorial.css``, ``review/admin.css``): the
    Content-Security-Policy allows no inline style.
    """
    if not value:
        return ""
    full = str(value)
    return format_html(
        '<details class="hash"><summary title="Show the full SHA-256"><code>{}…</code>'
        '</summary> <code class="full">{}</code></details>',
        full[:SHORT],
        full,
    )


@register.filter
def with_short_hashes(text) -> str:
    """Escape ``text`` and show every SHA-256 in it as a ``short_hash``."""
    escaped = str(conditional_escape(text))
    return mark_safe(_SHA256.sub(lambda m: str(short_hash(m.group())), escaped))  # noqa: S308


@register.simple_tag(takes_context=True)
def editorial_nav(context) -> dict:
    """The workspace's navigation bar for the signed-in user (links they may use only)."""
    request = context["request"]
    user = request.user
    links = [("Dashboard", reverse("review:dashboard"))]
    if workspace.board_member_of(user) is not None:
        links.append(("My reviews", reverse("review:my_reviews")))
    if user.has_perm("articles.add_article"):  # those who write: not the board's clinicians
        links.append(("My articles", reverse("review:my_articles")))
    attention = workspace.optional_url("freshness:attention")
    if attention and user.has_perm("freshness.view_staleflag"):  # editors and admins
        links.append(("Attention queue", attention))
    inbox = workspace.optional_url("readers:inbox")
    if inbox and _may_read_inbox(user):  # editors and admins
        links.append(("Reader feedback", inbox))
    links.append(("Notifications", reverse("review:notification_preferences")))
    if user.is_staff:
        links.append(("Admin", reverse("admin:index")))
    return {
        "links": [
            {"label": label, "url": url, "current": request.path == url} for label, url in links
        ]
    }


def _may_read_inbox(user) -> bool:
    from readers.inbox import may_read_inbox

    return may_read_inbox(user)


@register.filter
def assignable_by(article, user) -> bool:
    """``{% if article|assignable_by:user %}``: the review's own assign rule, asked."""
    from review.services import assign_refusal

    return assign_refusal(article, user) is None
