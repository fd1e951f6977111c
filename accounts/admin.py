"""The access audit trail (read-only), staff accounts' two-step status, device resets.

django-otp's own device pages are replaced by "Staff accounts": a device removed there
would leave no line in the audit trail. Lockouts are django-axes' "Access attempts"
(deleting one unlocks, and the audit trail records who did).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .models import AccessEvent, StaffAccount
from .verification import second_factor_required

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "actor", "client_address", "detail")
    list_filter = ("kind", "at")
    search_fields = ("username", "client_address", "detail")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = [f.name for f in AccessEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffAccount)
class StaffAccountAdmin(admin.ModelAdmin):
    list_display = ("username", "full_name", "roles", "two_step", "last_login", "is_active")
    list_filter = ("groups", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    actions = ["reset_two_step"]
    fields = ("username", "full_name", "roles", "two_step", "last_login", "is_active")
    readonly_fields = fields

    def get_queryset(self, request):
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return (
            super()
            .get_queryset(request)
            .filter(is_staff=True)
            .annotate(has_authenticator=Exists(devices))
            .prefetch_related("groups")
        )

    @admin.display(description="Name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description="Roles")
    def roles(self, obj):
        return ", ".join(g.name for g in obj.groups.all()) or "—"

    @admin.display(description="Two-step verification")
    def two_step(self, obj):
        if getattr(obj, "has_authenticator", False):
            return "Set up"
        if second_factor_required(obj):
            return "Required: set up at next sign-in"
        return "Not set up (optional)"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("accounts.reset_devices") or request.user.has_perm(
            "accounts.view_accessevent"
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("accounts.reset_devices"):
            actions.pop("reset_two_step", None)
        return actions

    @admin.action(description="Reset two-step verification (they set it up again at sign-in)")
    def reset_two_step(self, request, queryset):
        for user in queryset:
            try:
                services.devices_reset(user=user, actor=request.user, request=request)
            except services.AccountRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
                return
        self.message_user(
            request,
            f"Two-step verification reset for {queryset.count()} account(s); they were "
            "signed out everywhere and set up a new authenticator at their next sign-in.",
        )
