"""The article admin's own pages: an action's form, the version history, compare and revert."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import selectors, services, visibility
from ..checks import submit_warnings
from ..exceptions import ActionForbidden, ArticleError
from ..models import Article
from ..substance import content_hash_of
from .forms import SubmitForm, TransitionForm


class ArticleAdminViews:
    """Mixed into ``ArticleAdmin``: the URLs and views beside the change form."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/<str:name>/",
                view(self.transition_view),
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:history_id>/revert/",
                view(self.revert_view),
                name="articles_article_revert",
            ),
            *super().get_urls(),
        ]

    def _get_article(self, request, object_id) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    def transition_view(self, request, object_id, name):
        article = self._get_article(request, object_id)
        if name not in services.TRANSITION_SERVICES:
            raise Http404("No such action.")
        if services.is_board_decision(name):
            # The board decides through its review (assignments, quorum, exact versions).
            raise PermissionDenied(
                "Board decisions are recorded on the article's review page, not here."
            )
        label = services.action_label(name)
        extra = {}
        if name == "submit":
            form_class = SubmitForm
            extra["revision"] = visibility.latest_approval(article) is not None
        else:
            form_class = TransitionForm
        form = form_class(
            request.POST if request.method == "POST" else None,
            **extra,
            initial={
                "seen_content_hash": content_hash_of(article),
                "seen_version": article.text_version,
                "change_kind": article.change_kind,
                "change_note": article.change_note,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                if name == "submit":
                    services.article_submit(
                        article=article,
                        actor=request.user,
                        comment=form.cleaned_data["comment"],
                        # The text this page showed: changed since, the submission is refused.
                        seen_content_hash=form.cleaned_data["seen_content_hash"] or None,
                        seen_version=form.cleaned_data["seen_version"],
                        # The public "what changed" entry of a revision.
                        change_kind=form.cleaned_data.get("change_kind") or article.change_kind,
                        change_note=form.cleaned_data.get("change_note") or article.change_note,
                    )
                else:
                    services.article_apply_transition(
                        article=article,
                        actor=request.user,
                        transition=name,
                        comment=form.cleaned_data["comment"],
                    )
            except ActionForbidden:
                raise  # a forged or stale button: 403, nothing changed
            except ArticleError as error:
                self.message_user(request, error.message, level=messages.ERROR)
            else:
                self.message_user(request, f"Done: {label}.", level=messages.SUCCESS)
                if name == "submit":
                    for warning in submit_warnings(article):
                        self.message_user(request, warning, level=messages.WARNING)
            return redirect(self._change_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"{label}: {article}",
            "form": form,
            "label": label,
            "readers_after": visibility.after_submit(article) if name == "submit" else "",
        }
        return TemplateResponse(request, "admin/articles/article/transition.html", context)

    def history_view(self, request, object_id, extra_context=None):
        article = self._get_article(request, object_id)
        if not request.user.has_perm("articles.view_historicalarticle"):
            raise PermissionDenied
        records = selectors.article_versions(article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "object": article,
            "title": f"Version history: {article}",
            "records": records,
            "can_revert": request.user.has_perm("articles.revert_article"),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def _record(self, article, history_id):
        record = article.history.filter(history_id=history_id).first()
        if record is None:
            raise Http404("No such version of this article.")
        return record

    def compare_view(self, request, object_id):
        article = self._get_article(request, object_id)
        if not request.user.has_perm("articles.view_historicalarticle"):
            raise PermissionDenied
        try:
            old_id, new_id = int(request.GET["old"]), int(request.GET["new"])
        except (KeyError, ValueError):
            self.message_user(request, "Choose two versions to compare.", level=messages.ERROR)
            return redirect(reverse("admin:articles_article_history", args=[article.pk]))
        old, new = self._record(article, old_id), self._record(article, new_id)
        if old.history_id > new.history_id:
            old, new = new, old
        old_label, new_label = selectors.version_label(old), selectors.version_label(new)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Compare {old_label} and {new_label}: {article}",
            "old": old,
            "new": new,
            "old_label": old_label,
            "new_label": new_label,
            "same": selectors.same_substance(old, new),
            "old_is_current": selectors.same_substance(old, article),
            "diffs": selectors.version_diff(old, new),
            "can_revert": request.user.has_perm("articles.revert_article"),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def revert_view(self, request, object_id, history_id):
        article = self._get_article(request, object_id)
        if not request.user.has_perm("articles.revert_article"):
            raise PermissionDenied
        record = self._record(article, history_id)
        if selectors.same_substance(record, article):
            self.message_user(
                request,
                f"{selectors.version_label(record)} has the same text as the current one: "
                "there is nothing to revert.",
                level=messages.WARNING,
            )
            return redirect(reverse("admin:articles_article_history", args=[article.pk]))
        form = TransitionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.article_revert(
                    article=article,
                    actor=request.user,
                    history_id=record.history_id,
                    comment=form.cleaned_data["comment"],
                )
            except ArticleError as error:
                self.message_user(request, error.message, level=messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Reverted to {selectors.version_label(record)}: the article is a draft "
                    f"again, as {Article.objects.get(pk=article.pk).version_name()}. "
                    "What readers see is unchanged until it is approved.",
                    level=messages.SUCCESS,
                )
            return redirect(self._change_url(article))
        current = article.history.order_by("-history_id").first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Revert to {selectors.version_label(record)}: {article}",
            "record": record,
            "record_label": selectors.version_label(record),
            "old_label": "now",
            "new_label": selectors.version_label(record),
            "form": form,
            "diffs": selectors.version_diff(current, record),
        }
        return TemplateResponse(request, "admin/articles/article/revert.html", context)
