"""The article admin. Every write goes through ``articles.services``.

django-fsm-2's ``FSMAdminMixin`` calls the transition method and ``obj.save()`` directly,
which would skip the actor check, the history reason, the state-change record and the
frozen published version. So the buttons here are our own: each one opens a small form
(asking why) that calls the same service as every other caller. simple-history's admin
revert saves an old row directly too, so history, diff and revert are our own views as well.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .. import extensions, selectors, services, visibility
from ..checks import save_warnings
from ..models import (
    Article,
    ArticleStatus,
    PublishedVersion,
    StateChange,
    Topic,
    VersionRelease,
)
from .filters import TopicFilter
from .forms import ArticleForm
from .mixins import ReadOnlyAdminMixin, ServiceErrorsMixin
from .paging import CappedPaginator
from .views import ArticleAdminViews


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
class ArticleAdmin(ArticleAdminViews, ServiceErrorsMixin, admin.ModelAdmin):
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
    search_fields = ["title", "slug"]  # the box; what it finds is ``staff_search``
    search_help_text = (
        "Finds part of a title or slug, or the words of the summaries and bodies "
        "(both audiences; “infect” finds “infections”)."
    )
    show_full_result_count = False  # no second COUNT(*) of every article per page
    paginator = CappedPaginator  # a filtered or searched list counts at most 10,000
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

    def get_search_results(self, request, queryset, search_term):
        return selectors.staff_search(queryset, search_term), False

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
            "expected_lock_version",
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
        # What the article's state freezes (approved: the text; archived: everything), by
        # the service's own rule.
        frozen = services.EDITABLE_FIELDS - services.editable_fields(obj)
        if obj is not None and obj.status == ArticleStatus.ARCHIVED:
            frozen |= {"topics", "related_articles"}
        return [*self.readonly_fields, *sorted(frozen)]

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
            expected_lock_version=form.cleaned_data["expected_lock_version"],
            comment=comment,
            related_articles=related,
            topics=topics,
            **data,
        )
        obj.refresh_from_db()
        obj.lock_version = updated.lock_version
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
                {"name": action.name, "label": action.label}
                for action in services.available_actions(obj, request.user)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)


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
