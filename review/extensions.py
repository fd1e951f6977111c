"""What the apps above ``review`` add to a review, and the review's part in an article's life.

``ReviewExtension`` is to the review what ``articles.extensions.ArticleExtension`` is to
the article: each app above writes one subclass, listed in order in the setting
``REVIEW_EXTENSIONS``; every method does nothing by default.

- ``requirements(article)``: additions to the quorum in force for the current text, each
  saying where it comes from and why (``review.requirements.Requirement``); asked again
  whenever the quorum is evaluated, so an edit that changes what matches changes them;
- ``approval_confirmations(article)``: what a member must confirm, one line each, before
  their approval of the current text is recorded (the safety checks' uncited claims);
  listed in the decision box, and stored with the decision when confirmed;
- ``panel(article, user)``: HTML shown on the review page ("" for nothing);
- ``render_preview(request, version)``: how a staff preview is drawn (the public site's
  layout); the first extension answering wins, and the system check ``review.E001``
  refuses to start when none does.

``ReviewArticleExtension`` (in ``ARTICLE_EXTENSIONS``) is how the review follows the
article, inside the article action's transaction (a failure rolls the action back):

- the substance changed (edit or revert), or a cited source was corrected → approvals of
  the old text stop counting and the members are asked again (``review_mark_stale``);
- submitted (again) → members whose decision does not count for this text are asked
  again, and the review resumes (``review_resume``);
- archived or approved → pending assignments are withdrawn: nobody waits for them now;
- ``approve`` is refused, whoever asks, unless the board's counting approvals of the
  current text reach the quorum.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core import checks

from articles.extensions import ArticleExtension, check_listed, load
from articles.models import Article, ArticleStatus

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from .preview import PreviewVersion
    from .requirements import Requirement


class ReviewExtension:
    """Every method does nothing: override what your app adds to the review."""

    def requirements(self, article: Article) -> list[Requirement]:
        return []

    def approval_confirmations(self, article: Article) -> list[str]:
        return []

    def panel(self, article: Article, user) -> str:
        return ""

    def render_preview(self, request: HttpRequest, version: PreviewVersion) -> HttpResponse | None:
        return None


def extensions() -> tuple[ReviewExtension, ...]:
    return load("REVIEW_EXTENSIONS", ReviewExtension)


def requirements(article: Article) -> list[Requirement]:
    return [r for ext in extensions() for r in ext.requirements(article)]


def approval_confirmations(article: Article) -> list[str]:
    return [line for ext in extensions() for line in ext.approval_confirmations(article)]


def panels(article: Article, user) -> list[str]:
    return [html for ext in extensions() if (html := ext.panel(article, user))]


def preview_renderers() -> list[ReviewExtension]:
    return [
        ext
        for ext in extensions()
        if type(ext).render_preview is not ReviewExtension.render_preview
    ]


@checks.register()
def check_review_extensions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = check_listed("REVIEW_EXTENSIONS", ReviewExtension, "review.E002")
    if errors:
        return errors
    if not preview_renderers():
        return [
            checks.Error(
                "No staff preview renderer: no REVIEW_EXTENSIONS entry renders previews.",
                hint="List the public site's extension (readers.extensions.ReadersReview).",
                id="review.E001",
            )
        ]
    return []


CLOSING_STATES = {
    ArticleStatus.ARCHIVED: "the article was archived.",
    ArticleStatus.APPROVED: "the article was approved.",
}


class ReviewArticleExtension(ArticleExtension):
    def after_edit(self, article: Article, *, actor, substance_changed: bool) -> None:
        if substance_changed:
            from . import services

            services.review_mark_stale(article=article, actor=actor)

    def sources_changed(self, article: Article, *, actor, reference) -> None:
        from . import services

        services.review_mark_stale(article=article, actor=actor)

    def after_transition(self, article: Article, *, actor, target: str, **change) -> None:
        from . import services

        if target == ArticleStatus.SUBMITTED:
            services.review_resume(article=article, actor=actor)
        elif target in CLOSING_STATES:
            services.review_close_pending(
                article=article, actor=actor, reason=CLOSING_STATES[target]
            )

    def approve_problems(self, article: Article) -> list[str]:
        from . import quorum

        return quorum.quorum_problems(article)
