"""Claims, coverage and matched policies where people work (review page, admin, dashboard)."""

from django import template
from django.utils.safestring import mark_safe

from articles.models import ArticleStatus
from articles.rendering import render_markdown
from references.markers import number_citations, render_markers
from review.selectors import quorum_status

from ..claims import article_coverage
from ..routing import safety_report

register = template.Library()
IN_REVIEW = {ArticleStatus.SUBMITTED, ArticleStatus.UNDER_REVIEW}


@register.filter
def claim_coverage(article) -> str:
    """ "12 of 14 claims cited" for the current text."""
    return article_coverage(article)[0]


@register.inclusion_tag("safety/_claims_panel.html")
def claims_panel(article, quorum=None):
    """The claims check; ``quorum`` when the page has it already (else it is computed)."""
    report = safety_report(article)
    source = report.analysis.highlighted_source()
    highlighted = render_markdown(render_markers(source, number_citations(article.body)))
    return {
        "article": article,
        "report": report,
        "analysis": report.analysis,
        "highlighted": mark_safe(highlighted),  # noqa: S308 - sanitised by render_markdown
        # The count of approvals is about a text waiting for the board; once approved, the
        # page says what was approved instead (no "0 of 1" beside an approved version).
        "quorum": (quorum or quorum_status(article)) if article.status in IN_REVIEW else None,
    }
