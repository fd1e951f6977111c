"""Admin for stale-content flags (read-only list with filters and a dismiss action) and for
retraction overrides (recorded and withdrawn through ``freshness.services``)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import ReadOnlyAdminMixin, ServiceErrorsMixin
from articles.exceptions import ArticleError

from . import services
from .models import RetractionOverride, StaleFlag


class OpenFilter(admin.SimpleListFilter):
    title = "open"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", "Open"), ("no", "Resolved")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


class DismissForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea,
        error_messages={"required": "Say why you dismiss these flags: a reason is required."},
    )


@admin.register(StaleFlag)
class StaleFlagAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    show_full_result_count = False  # counts only the filtered rows
    list_display = [
        "article",
        "reason",
        "severity",
        "detail",
        "raised_at",
        "respond_by",
        "resolved_at",
        "resolution",
    ]
    list_filter = [OpenFilter, "reason", "severity", "resolution", "raised_at"]
    search_fields = ["article__title", "detail", "reference__key"]
    list_select_related = ["article"]
    date_hierarchy = "raised_at"
    actions = ["dismiss_selected"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("freshness.view_staleflag")

    @admin.action(description="Dismiss selected open flags (asks for a reason)")
    def dismiss_selected(self, request, queryset):
        form = DismissForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            # First showing, or no reason given: ask (again) once, not once per flag.
            return TemplateResponse(
                request,
                "freshness/admin_dismiss.html",
                {
                    **self.admin_site.each_context(request),
                    "flags": queryset,
                    "form": form,
                    "title": "Dismiss flags",
                },
            )
        done = 0
        for flag in queryset:
            try:
                services.flag_dismiss(
                    flag=flag, actor=request.user, reason=form.cleaned_data["reason"]
                )
                done += 1
            except ArticleError as error:
                self.message_user(request, f"{flag}: {error.message}", level=messages.ERROR)
        if done:
            self.message_user(request, f"{done} flag(s) dismissed.")
        return None


class OverrideForm(forms.ModelForm):
    class Meta:
        model = RetractionOverride
        fields = ["article", "reference", "reason"]


@admin.register(RetractionOverride)
class RetractionOverrideAdmin(ServiceErrorsMixin, SimpleHistoryAdmin):
    form = OverrideForm
    list_display = ["article", "reference", "reason", "recorded_by", "recorded_at", "withdrawn_at"]
    list_filter = ["withdrawn_at"]
    autocomplete_fields = ["reference"]
    raw_id_fields = ["article"]
    actions = ["withdraw_selected"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return (
            ["article", "reference", "reason", "recorded_by", "recorded_at", "withdrawn_at"]
            if obj
            else []
        )

    def save_model(self, request, obj, form, change):
        if change:
            return
        # A refusal (FreshnessError) is shown as a message by ServiceErrorsMixin.
        saved = services.retraction_override_record(
            article=obj.article, reference=obj.reference, actor=request.user, reason=obj.reason
        )
        obj.pk = saved.pk

    @admin.action(description="Withdraw selected overrides")
    def withdraw_selected(self, request, queryset):
        # A role that may not withdraw gets a 403 from the service (ActionForbidden).
        for override in queryset:
            services.retraction_override_withdraw(override=override, actor=request.user)
        self.message_user(request, f"{len(queryset)} override(s) withdrawn.")
