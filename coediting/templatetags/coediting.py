from django import template
from django.conf import settings

from coediting.drafts import draft_for, draft_refusal
from coediting.selectors import others_present, presence_message
from coediting.services import presence_refusal

register = template.Library()


@register.inclusion_tag("coediting/_presence.html", takes_context=True)
def editing_presence(context, article):
    """The "Being edited by …" line, filled on load and refreshed by the heartbeat."""
    user = context["request"].user
    if article is None or presence_refusal(user, article):
        return {"show": False}
    return {
        "show": True,
        "article": article,
        "message": presence_message(others_present(article, user)),
        "every": settings.PRESENCE_HEARTBEAT_SECONDS,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("coediting/_autosave.html", takes_context=True)
def autosave_offer(context, article):
    """Autosave on the admin change page, and the offer to restore the unsaved text."""
    user = context["request"].user
    if article is None or draft_refusal(article, user, title="", body=""):
        return {"show": False}
    return {
        "show": True,
        "article": article,
        "draft": draft_for(article, user),
        "every": settings.AUTOSAVE_SECONDS,
        "csrf_token": context.get("csrf_token"),
    }
