from django import template

from freshness.selectors import article_open_flags

register = template.Library()


@register.simple_tag
def open_flags(article):
    """The article's open stale-content flags, most severe first (admin change page)."""
    return article_open_flags(article) if article is not None and article.pk else []
