"""The review admin. Every write goes through ``review.services``.

- Board members: created and edited through ``board_member_create``/``board_member_update``
  (deactivating withdraws pending assignments).
- Assignments: created through ``review_assign``; otherwise read-only (decisions are
  recorded by the member on the editorial page), filterable by overdue, reviewer, state
  and decision.
- Comments, events and the notification outbox: read-only (the outbox can be resent).
- The article admin gains the review: its assignments and the merged review timeline
  (every assignment, decision, comment and state change), shown on the change page. It
  is extended by subclassing whatever admin is registered for ``Article`` (so another
  app's extension is kept) and registering the subclass in its place.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from articles import visibility
from articles.admin import ReadOnlyAdminMixin, ServiceErrorsMixin
from articles.models import Article

from . import selectors, services
from .models import (
    BoardMember,
    ConflictOfInterest,
    Notification,
    NotificationPreference,
    NotificationStatus,
    ReviewAssignment,
    ReviewComment,
    ReviewEvent,
    ReviewRequirement,
)
from .services.members import MEMBER_FIELDS


@admin.register(BoardMember)
class BoardMemberAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    list_display = ["display_name", "credentials", "specialties", "is_active", "user"]
    list_filter = ["is_active"]
    search_fields = ["display_name", "credentials", "specialties", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return ["user", "created_at"] if obj else ["created_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in form.changed_data if k in MEMBER_FIELDS}
        if change:
            saved = services.board_member_update(
                member=BoardMember.objects.get(pk=obj.pk), actor=request.user, **data
            )
        else:
            data.pop("display_name", None)
            saved = services.board_member_create(
                actor=request.user,
                user=form.cleaned_data["user"],
                display_name=form.cleaned_data["display_name"],
                **data,
            )
        obj.pk = saved.pk
        obj.refresh_from_db()


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        overdue = ReviewAssignment.objects.overdue().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


class AssignmentAddForm(forms.ModelForm):
    class Meta:
        model = ReviewAssignment
        fields = ["article", "reviewer", "due_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].required = False
        self.fields["due_date"].help_text = "Leave empty for the default."

    def _post_clean(self):
        """Validation is the service's job (it names the rule that refuses)."""


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    show_full_result_count = False  # counts only the filtered rows
    list_display = [
        "article",
        "reviewer",
        "state",
        "decision",
        "due_date",
        "overdue",
        "decided_at",
        "stale",
        "published_version",
    ]
    list_filter = [OverdueFilter, "state", "decision", "reviewer"]
    search_fields = ["article__title", "reviewer__display_name", "content_hash"]
    list_select_related = ["article", "reviewer", "published_version"]
    date_hierarchy = "assigned_at"
    actions = None
    autocomplete_fields = ["article"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AssignmentAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "reviewer", "due_date"]
        # History ids stay out of sight: the version number ("text_version") names it.
        return [f.name for f in ReviewAssignment._meta.fields if f.name not in {"id", "history_id"}]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else []

    @admin.display(boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    @admin.display(boolean=True)
    def stale(self, obj):
        return obj.is_stale

    def has_change_permission(self, request, obj=None):
        return False if obj else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        assignment = services.review_assign(
            article=form.cleaned_data["article"],
            reviewer=form.cleaned_data["reviewer"],
            actor=request.user,
            due_date=form.cleaned_data.get("due_date"),
        )
        obj.pk = assignment.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """Nothing else to save."""


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    show_full_result_count = False  # counts only the filtered rows
    list_display = ["article", "author", "short", "created_at", "resolved"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["body", "quote", "article__title"]
    list_select_related = ["article", "author"]

    @admin.display(description="comment")
    def short(self, obj):
        return obj.body[:80]

    @admin.display(boolean=True)
    def resolved(self, obj):
        return obj.is_resolved


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    list_display = ["member", "article", "declared_at", "declared_by"]
    list_select_related = ["member", "article", "declared_by"]
    search_fields = ["member__display_name", "article__title", "description"]
    fields = ["member", "article", "description"]
    autocomplete_fields = ["article"]
    actions = None

    def has_change_permission(self, request, obj=None):
        return False if obj else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        conflict = services.conflict_declare(
            member=form.cleaned_data["member"],
            article=form.cleaned_data["article"],
            actor=request.user,
            description=form.cleaned_data["description"],
        )
        obj.pk = conflict.pk
        obj.refresh_from_db()


@admin.register(ReviewRequirement)
class ReviewRequirementAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    list_display = ["article", "required_approvals", "reason", "changed_at", "changed_by"]
    list_select_related = ["article", "changed_by"]
    fields = ["article", "required_approvals", "reason"]
    autocomplete_fields = ["article"]
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return ["article"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        article = obj.article if change else form.cleaned_data["article"]
        saved = services.review_set_quorum(
            article=article,
            actor=request.user,
            required_approvals=form.cleaned_data["required_approvals"],
            reason=form.cleaned_data.get("reason", ""),
        )
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    show_full_result_count = False  # counts only the filtered rows
    list_display = ["at", "article", "kind", "actor", "message"]
    list_filter = ["kind"]
    list_select_related = ["article", "actor"]
    search_fields = ["message", "article__title"]
    date_hierarchy = "at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Each person's choices, as they made them (on their page or by an unsubscribe link).
    No row for a kind means "at once"."""

    list_display = ["user", "kind", "delivery", "changed_how", "changed_at"]
    list_filter = ["kind", "delivery", "changed_how"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    readonly_fields = ["changed_at", "changed_how"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    show_full_result_count = False  # counts only the filtered rows
    list_display = ["created_at", "kind", "email", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["email", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected pending notifications now")
    def send_now(self, request, queryset):
        # The changelist is not run in a transaction (no ATOMIC_REQUESTS), and the service
        # claims and records each row in its own short transactions, sending in between.
        sent = 0
        for notification in queryset.filter(status=NotificationStatus.PENDING):
            sent += (
                services.notification_send(notification=notification).status
                == NotificationStatus.SENT
            )
        self.message_user(request, f"{sent} notification(s) sent.")


# --- the article admin, with the review ------------------------------------------------


# The articles app's admin, extended by subclassing (whatever class is registered now).
_ArticleAdminBase = type(admin.site.get_model_admin(Article))


class ArticleReviewAdmin(_ArticleAdminBase):
    """The article admin plus its board review: assignments and the merged timeline.

    Shown as read-only fields rather than inlines: an inline adds a formset whose
    management form every article POST would then have to carry.
    """

    # One timeline: the review timeline below merges every state change with the board's
    # assignments, decisions and comments, so the articles app's own state-change inline
    # would only repeat part of it.
    inlines = []

    def view_on_site(self, obj):
        """Readers' page once readers may see the article; before that, the staff preview
        (a draft's public URL would answer 404)."""
        if visibility.is_public(obj):
            return obj.get_absolute_url()
        return reverse("review:preview", args=[obj.pk])

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            "review_status",
            "review_assignments",
            "review_timeline",
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append(
                (
                    "Medical Advisory Board review",
                    {"fields": ["review_status", "review_assignments", "review_timeline"]},
                )
            )
        return fieldsets

    @admin.display(description="Review")
    def review_status(self, obj):
        if not obj or not obj.pk:
            return "—"
        return format_html(
            "{} · <a href='{}'>Open the review page</a>",
            selectors.approval_status(obj).summary,
            reverse("review:article", args=[obj.pk]),
        )

    @admin.display(description="Assignments")
    def review_assignments(self, obj):
        if not obj or not obj.pk:
            return "—"
        assignments = (
            ReviewAssignment.objects.filter(article=obj)
            .select_related("reviewer", "published_version")
            .order_by("assigned_at", "pk")
        )
        return render_to_string("review/admin_assignments.html", {"assignments": assignments})

    @admin.display(description="Review timeline")
    def review_timeline(self, obj):
        if not obj or not obj.pk:
            return "—"
        return render_to_string(
            "review/admin_timeline.html",
            {"timeline": selectors.review_timeline(obj)},
        )


admin.site.unregister(Article)
admin.site.register(Article, ArticleReviewAdmin)
