"""Mixins every app's admin shares: service refusals as messages, read-only models."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect

from ..exceptions import ActionForbidden, ArticleError


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
