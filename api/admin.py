"""API keys in the admin: create one (its secret is shown once), revoke it, read its calls."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model

from .keys import api_key_create, api_key_problem, api_key_revoke
from .models import ApiCall, ApiKey, IngestedArticle


class ApiKeyForm(forms.ModelForm):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True, is_staff=True),
        help_text="The staff account the key acts as; its role decides what the key may do "
        "(an editor's account: create, edit and submit drafts).",
    )

    class Meta:
        model = ApiKey
        fields = ["name", "user", "scope"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            problem = api_key_problem(
                name=data.get("name", ""), user=data.get("user"), scope=data.get("scope", "")
            )
            if problem:
                raise forms.ValidationError(problem)
        return data


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "user", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["revoke"]
    readonly_fields = [
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # a key's name, account and scope never change: make a new one
            return ["name", "user", "scope", *self.readonly_fields]
        return []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "user", "scope"]
        return ["name", "user", "scope", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if change:
            return
        # The form asked api_key_problem already; the role is the admin's add permission.
        key, secret = api_key_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            user=form.cleaned_data["user"],
            scope=form.cleaned_data["scope"],
        )
        obj.pk = key.pk
        obj.refresh_from_db()
        messages.warning(
            request,
            f"The key “{key.name}” is {secret} — copy it now: it is stored only as a hash "
            "and cannot be shown again.",
        )

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        for key in queryset:
            api_key_revoke(actor=request.user, key=key)
        messages.success(request, f"Revoked {queryset.count()} key(s): they are refused from now.")

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the log names them


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ["at", "api_key", "method", "path", "status", "external_id", "outcome"]
    list_filter = ["status", "api_key"]
    search_fields = ["external_id", "outcome"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IngestedArticle)
class IngestedArticleAdmin(admin.ModelAdmin):
    list_display = ["external_id", "article", "api_key", "created_at", "updated_at"]
    search_fields = ["external_id", "article__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
