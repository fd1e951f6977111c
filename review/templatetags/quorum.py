"""Template tags for the quorum and its requirements (``review.requirements``)."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def assignment_suggestions(article):
    """Per unmet specialty requirement, the eligible members (least open work first)."""
    return selectors.assignment_suggestions(article)
