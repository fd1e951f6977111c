"""Admin for what readers sent and for the editorial policy page.

Triage goes through ``readers.services`` (the admin actions call them); what readers wrote
is read-only here and, like everywhere in the admin, shown escaped.
"""

from __future__ import annotations

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .exceptions import ReadersError
from .models import Feedback, FeedbackState, FollowUpQuestion, PolicyPage, QuestionState


def _run_each(modeladmin, request, queryset, call, done: str) -> None:
    ok = 0
    for obj in queryset:
        try:
            call(obj)
            ok += 1
        except ReadersError as exc:
            modeladmin.message_user(request, f"#{obj.pk}: {exc}", level=messages.ERROR)
    if ok:
        modeladmin.message_user(request, f"{ok} {done}.")


def _feedback_action(state: str, label: str, *, send_back: bool = False):
    def action(modeladmin, request, queryset):
        _run_each(
            modeladmin,
            request,
            queryset,
            lambda fb: services.feedback_triage(
                feedback=fb, actor=request.user, state=state, send_back=send_back
            ),
            f"report(s) marked {FeedbackState(state).label.lower()}",
        )

    action.__name__ = f"mark_{state}{'_send_back' if send_back else ''}"
    action.short_description = label
    action.allowed_permissions = ("triage",)
    return action


@admin.register(Feedback)
class FeedbackAdmin(SimpleHistoryAdmin):
    show_full_result_count = False  # counts only the filtered rows
    list_display = ["received_at", "severity", "kind", "state", "article", "short_message"]
    list_filter = ["state", "severity", "kind"]
    search_fields = ["message", "article__title"]
    readonly_fields = [
        "article",
        "seen_version",
        "kind",
        "message",
        "email",
        "state",
        "severity",
        "received_at",
        "triaged_at",
        "triaged_by",
        "triage_note",
        "sent_back_at",
    ]
    actions = [
        _feedback_action(FeedbackState.ACCEPTED, "Accept"),
        _feedback_action(
            FeedbackState.ACCEPTED, "Accept and send the article back for review", send_back=True
        ),
        # No bulk "Reject": rejecting needs a reason, given per report in the inbox
        # (/reader-feedback/).
        _feedback_action(FeedbackState.FIXED, "Mark fixed"),
    ]

    @admin.display(description="message")
    def short_message(self, obj):
        return obj.message[:80]

    def has_triage_permission(self, request):
        return request.user.has_perm("readers.triage_feedback")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _question_action(state: str, label: str):
    def action(modeladmin, request, queryset):
        _run_each(
            modeladmin,
            request,
            queryset,
            lambda q: services.question_triage(question=q, actor=request.user, state=state),
            f"question(s) marked {QuestionState(state).label.lower()}",
        )

    action.__name__ = f"mark_{state}"
    action.short_description = label
    action.allowed_permissions = ("triage",)
    return action


@admin.register(FollowUpQuestion)
class FollowUpQuestionAdmin(SimpleHistoryAdmin):
    show_full_result_count = False  # counts only the filtered rows
    list_display = ["received_at", "state", "short_question", "asked_on", "answer"]
    list_filter = ["state"]
    search_fields = ["question"]
    readonly_fields = [
        "asked_on",
        "question",
        "email",
        "state",
        "answer",
        "received_at",
        "triaged_at",
        "triaged_by",
        "triage_note",
    ]
    actions = [
        _question_action(QuestionState.PLANNED, "Plan as a new article"),
        _question_action(QuestionState.DECLINED, "Decline"),
    ]

    @admin.display(description="question")
    def short_question(self, obj):
        return obj.question[:80]

    def has_triage_permission(self, request):
        return request.user.has_perm("readers.triage_followupquestion")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PolicyPage)
class PolicyPageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "updated_at", "updated_by"]
    fields = ["title", "slug", "body", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "slug"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            services.policy_page_update(
                page=obj, actor=request.user, title=obj.title, body=obj.body
            )
        else:
            obj.updated_by = request.user
            super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False
