"""The article admin. Every write goes through ``articles.services``.

django-fsm-2's ``FSMAdminMixin`` calls the transition method and ``obj.save()`` directly,
which would skip the actor check, the history reason, the state-change record and the
frozen published version. So the buttons here are our own: each one opens a small form
(asking why) that calls the same service as every other caller. simple-history's admin
revert saves an old row directly too, so history, diff and revert are our own views as well.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from . import extensions, selectors, services, visibility
from .admin_filters import TopicFilter
from .checks import save_warnings, submit_warnings
from .exceptions import ActionForbidden, ArticleError
from .models import (
    Article,
    ArticleStatus,
    ChangeKind,
    ExpiryAction,
    PublishedVersion,
    StateChange,
    Topic,
    VersionRelease,
)
from .rendering import markdown_problem
from .substance import content_hash_of
from .textclean import invisible_problem, strip_control


class ServiceErrorsMixin:
    """Show a service's refusal on the add/change page instead of a server error.

    The admin's save runs in a transaction, so the refusal has already rolled everything
    back; a forbidden action stays a 403.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ActionForbidden:
            raise
        except ArticleError as error:
            self.message_user(request, error.message, level=messages.ERROR)
            return HttpResponseRedirect(request.path)


class ReadOnlyAdminMixin:
    """For records that are written only by the services (or never changed at all)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ArticleForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        required=False,
        max_length=500,
        help_text="Why you are making this change (kept in the version history).",
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "audience",
            "alt_summary",
            "alt_body",
            "change_kind",
            "change_note",
            "release_at",
            "expires_at",
            "expiry_action",
            "review_interval_months",
            "topics",
            "related_articles",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Required: a POST without it would skip the stale-form check.
            self.fields["expected_version"].initial = self.instance.version
            self.fields["expected_version"].required = True
        if "expiry_action" in self.fields:  # a default: forms that leave it out keep it
            self.fields["expiry_action"].required = False
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Left empty, it is made from the question."

    def _get_validation_exclusions(self):
        excluded = super()._get_validation_exclusions()
        if not self.cleaned_data.get("slug"):
            excluded.add("slug")  # the service makes one from the question
        return excluded

    def clean_title(self):
        value = strip_control(self.cleaned_data.get("title", ""))
        problem = invisible_problem(value, "question (title)")
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_body(self):
        value = strip_control(self.cleaned_data.get("body", ""))
        problem = services.body_size_problem(value) or markdown_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self):
        cleaned = super().clean()
        if "expiry_action" in self.fields and not cleaned.get("expiry_action"):
            cleaned["expiry_action"] = self.instance.expiry_action or ExpiryAction.BANNER
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None and expected != self.instance.version:
            raise forms.ValidationError(
                "Someone saved this article after you opened it. Your changes were not saved: "
                "copy them, reload the page, and apply them again."
            )
        return cleaned


class TransitionForm(forms.Form):
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why (kept with the state change and in the version history). "
        "When archiving, readers of the withdrawn page see it.",
    )
    # A submission vouches for the text on the page: the hash and version shown there.
    seen_content_hash = forms.CharField(required=False, widget=forms.HiddenInput)
    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SubmitForm(TransitionForm):
    """Submitting a revision of an approved article also says what changed (public)."""

    change_kind = forms.ChoiceField(
        label="Kind of change",
        choices=[("", "—"), *ChangeKind.choices],
        required=False,
        help_text="Required for a revision of an approved article.",
    )
    change_note = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="Shown to readers in the article history (required for a revision).",
    )


class StateChangeInline(admin.TabularInline):
    model = StateChange
    fields = ["at", "transition", "source", "target", "actor", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Workflow timeline"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AudienceVersionFilter(admin.SimpleListFilter):
    """Editors find the articles that have no text for their other audience."""

    title = "version for the other audience"
    parameter_name = "alt_version"

    def lookups(self, request, model_admin):
        return [("missing", "Missing"), ("present", "Present")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(alt_body="")
        if self.value() == "present":
            return queryset.exclude(alt_body="")
        return queryset


@admin.register(Article)
class ArticleAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "status",
        "author",
        "content_updated_at",
        "last_reviewed_at",
        "next_review_due",
    ]
    list_filter = [
        "status",
        "audience",
        AudienceVersionFilter,
        TopicFilter,  # an EXISTS: Django's many-to-many filter is a DISTINCT over bodies
        "author",
        "content_updated_at",  # instead of a date hierarchy, which reads every row's date
        "next_review_due",
        "release_at",
        "expires_at",
    ]
    search_fields = ["title", "slug", "summary", "body"]
    show_full_result_count = False  # no second COUNT(*) of every article per page
    list_select_related = ["author"]
    autocomplete_fields = ["related_articles"]
    filter_horizontal = ["topics"]
    readonly_fields = [
        "status",
        "author",
        "created_at",
        "content_updated_at",
        "last_reviewed_at",
        "next_review_due",
        "current_version",
        "live_version",
    ]
    inlines = [StateChangeInline]
    change_form_template = "admin/articles/article/change_form.html"
    actions = None  # no bulk delete, nor any other bulk write that would skip the services

    def get_list_display(self, request):
        return [*super().get_list_display(request), *extensions.admin_columns()]

    def get_fieldsets(self, request, obj=None):
        editing = [
            "title",
            "slug",
            "summary",
            "body",
            "audience",
            "review_interval_months",
            "topics",
            "related_articles",
            "comment",
            "expected_version",
        ]
        other = ["alt_summary", "alt_body"]
        record = ["change_kind", "change_note"]
        schedule = ["release_at", "expires_at", "expiry_action"]
        state = [
            "status",
            "author",
            "created_at",
            "content_updated_at",
            "last_reviewed_at",
            "next_review_due",
            "current_version",
            "live_version",
        ]
        extra = [
            ("Version for the other audience (plain language / clinicians)", {"fields": other}),
            ("What changed (public article history)", {"fields": record}),
            ("Scheduled publishing and expiry", {"fields": schedule}),
        ]
        if obj is None:
            return [(None, {"fields": editing}), *extra]
        return [(None, {"fields": editing}), *extra, ("Workflow", {"fields": state})]

    def get_readonly_fields(self, request, obj=None):
        # An approved or archived article is frozen: edit after "Start a revision"/"Restore".
        if obj is not None and obj.status == ArticleStatus.ARCHIVED:
            return [
                *self.readonly_fields,
                *services.EDITABLE_FIELDS,
                "topics",
                "related_articles",
            ]
        if obj is not None and obj.status not in services.EDITABLE_STATES:
            frozen = services.EDITABLE_FIELDS - services.METADATA_FIELDS
            return [*self.readonly_fields, *sorted(frozen)]
        return self.readonly_fields

    @admin.display(description="Version")
    def current_version(self, obj):
        return obj.version_name() if obj and obj.pk else ""

    @admin.display(description="Live version (what readers see)")
    def live_version(self, obj):
        if not (obj and obj.pk):
            return ""
        live = visibility.live_version(obj)
        latest = visibility.latest_approval(obj)
        if live is None and latest is None:
            return "None: no version has been approved yet."
        parts = []
        if live is None:
            parts.append(format_html("{}", "None live yet."))
        else:
            parts.append(
                format_html(
                    "{} — “{}”, approved {} by {}",
                    live.approval_reference,
                    live.title,
                    live.approved_at.strftime("%Y-%m-%d"),
                    live.approved_by,
                )
            )
        if latest is not None and (live is None or latest.pk != live.pk):
            parts.append(
                format_html(
                    "{} is approved and goes live at {}.",
                    latest.approval_reference,
                    timezone.localtime(latest.release_at).strftime("%Y-%m-%d %H:%M %Z")
                    if latest.release_at
                    else "its release",
                )
            )
        return format_html_join(" ", "{}", ((p,) for p in parts))

    def has_delete_permission(self, request, obj=None):
        return False

    # --- saving through the services ---------------------------------------------------

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.EDITABLE_FIELDS
        }
        related = form.cleaned_data.get("related_articles")
        topics = form.cleaned_data.get("topics")
        comment = form.cleaned_data.get("comment", "")
        if not change:
            created = services.article_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data.get("body", ""),
                summary=form.cleaned_data.get("summary", ""),
                audience=form.cleaned_data["audience"],
                alt_summary=form.cleaned_data.get("alt_summary", ""),
                alt_body=form.cleaned_data.get("alt_body", ""),
                release_at=form.cleaned_data.get("release_at"),
                expires_at=form.cleaned_data.get("expires_at"),
                expiry_action=form.cleaned_data.get("expiry_action") or "banner",
                slug=form.cleaned_data.get("slug") or "",
                review_interval_months=form.cleaned_data.get("review_interval_months"),
                related_articles=related or (),
                topics=topics or (),
                comment=comment,
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            self._warn_after_save(request, obj)
            return
        original = Article.objects.get(pk=obj.pk)
        updated = services.article_update(
            article=original,
            actor=request.user,
            expected_version=form.cleaned_data["expected_version"],
            comment=comment,
            related_articles=related,
            topics=topics,
            **data,
        )
        obj.refresh_from_db()
        obj.version = updated.version
        self._warn_after_save(request, obj)

    def _warn_after_save(self, request, article: Article) -> None:
        """Saved: say now, without refusing, what the submit checks will refuse or warn of."""
        if article.status == ArticleStatus.ARCHIVED:
            return
        for warning in save_warnings(article):
            self.message_user(request, warning, level=messages.WARNING)

    def save_related(self, request, form, formsets, change):
        """The service already saved the related questions: skip ``form.save_m2m()``."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Editing aids sit beside an editable body only (not an approved or archived one).
        body_editable = "body" not in self.get_readonly_fields(request, obj)
        # What the article extensions add: editing aids (the citation helper) and panels
        # that inform whatever the state (open stale flags, the claims check).
        context["editor_tool_templates"] = extensions.admin_editor_tools() if body_editable else []
        context["panel_templates"] = extensions.admin_panels()
        if obj is not None:
            context["available_transitions"] = [
                {"name": t.name, "label": t.custom.get("label", t.name)}
                for t in obj.get_available_user_status_transitions(request.user)
                if t.custom.get("admin", True)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- transitions, history, diff and revert ----------------------------------------

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
        custom = next(iter(getattr(Article, name)._django_fsm.transitions.values())).custom
        if custom.get("board_decision"):
            # The board decides through its review (assignments, quorum, exact versions).
            raise PermissionDenied(
                "Board decisions are recorded on the article's review page, not here."
            )
        label = custom.get("label", name)
        form_class = SubmitForm if name == "submit" else TransitionForm
        form = form_class(
            request.POST if request.method == "POST" else None,
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
                        change_kind=form.cleaned_data["change_kind"] or article.change_kind,
                        change_note=form.cleaned_data["change_note"] or article.change_note,
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


@admin.register(PublishedVersion)
class PublishedVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: approved versions are frozen."""

    list_display = [
        "approval_reference",
        "text_version",
        "title",
        "article",
        "approved_at",
        "approved_by",
        "change_kind",
        "release_at",
    ]
    list_filter = ["change_kind", "release_at"]
    list_select_related = ["article", "approved_by"]
    search_fields = ["approval_reference", "title", "content_hash"]
    show_full_result_count = False
    # History ids stay out of sight: the version number (``text_version``) names it.
    readonly_fields = [f.name for f in PublishedVersion._meta.fields if f.name != "history_id"]
    exclude = ["history_id"]


@admin.register(VersionRelease)
class VersionReleaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Embargoed versions put live by the schedule; ``late``: the run was missed."""

    list_display = ["published_version", "due_at", "released_at", "late"]
    list_filter = ["late"]
    list_select_related = ["published_version"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics are plain metadata; they are never deleted once articles may use them."""

    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False
