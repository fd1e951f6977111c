"""Listeners that write the access audit trail (sign-ins, failures, lockouts, roles)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, pre_save

from .models import AccessEventKind


def _request_in_progress():
    """The request being served, if any (simple-history's middleware keeps it)."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def _acting_user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def signed_in(sender, request, user, **kwargs):
    from .middleware import remember_sign_in
    from .services import access_record

    if getattr(request, "session", None) is not None:
        remember_sign_in(request, user)
    access_record(kind=AccessEventKind.SIGNED_IN, request=request, user=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    from .services import access_record

    username = (credentials or {}).get("username", "") or ""
    user = get_user_model().objects.filter(username=username).first() if username else None
    access_record(
        kind=AccessEventKind.SIGN_IN_FAILED, request=request, user=user, username=username
    )


def signed_out(sender, request, user, **kwargs):
    from .services import access_record

    if user is not None:
        access_record(kind=AccessEventKind.SIGNED_OUT, request=request, user=user)


def locked_out(sender, request, username, ip_address, **kwargs):
    from .services import access_record

    user = get_user_model().objects.filter(username=username).first() if username else None
    access_record(
        kind=AccessEventKind.LOCKED_OUT,
        request=request,
        user=user,
        username=username or "",
        detail=(
            f"{settings.AXES_FAILURE_LIMIT} failed sign-ins for this username or from "
            f"{ip_address}; refused for {settings.ACCOUNTS_LOCKOUT_MINUTES} minutes"
        ),
    )


def lockout_cleared(sender, instance, **kwargs):
    """A lockout deleted in the admin (an unlock), or forgotten once its wait passed."""
    from .services import access_record

    if instance.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return
    request = _request_in_progress()
    actor = _acting_user(request)
    detail = f"by {actor.get_username()}" if actor else "the wait passed"
    access_record(
        kind=AccessEventKind.UNLOCKED,
        request=request,
        user=get_user_model().objects.filter(username=instance.username).first(),
        username=instance.username or "",
        actor=actor,
        detail=f"{detail} (address {instance.ip_address})",
    )


def roles_changed(sender, instance, action, pk_set, model, reverse, **kwargs):
    from django.contrib.auth.models import Group

    from .services import access_record, sessions_end

    if action not in {"post_add", "post_remove", "pre_clear"} or reverse:
        return
    if action == "pre_clear":
        names = list(instance.groups.values_list("name", flat=True))
        verb = "removed from"
    else:
        names = list(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
        verb = "added to" if action == "post_add" else "removed from"
    if not names:
        return
    request = _request_in_progress()
    # Another role may need (or no longer need) a second factor: sign in again.
    sessions_end(user=instance)
    access_record(
        kind=AccessEventKind.ROLE_CHANGED,
        request=request,
        user=instance,
        actor=_acting_user(request),
        detail=f"{verb} {', '.join(sorted(names))}",
    )


def password_changing(sender, instance, raw=False, **kwargs):
    """Note a new password (Django signs the account out of its other sessions itself)."""
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None or (update_fields and "password" not in update_fields):
        return
    old = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old is not None and old != instance.password:
        instance._password_changed = True


def connect() -> None:
    from axes.models import AccessAttempt
    from axes.signals import user_locked_out
    from django.db.models.signals import post_delete, post_save

    user_model = get_user_model()
    user_logged_in.connect(signed_in, dispatch_uid="accounts.signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="accounts.sign_in_failed")
    user_logged_out.connect(signed_out, dispatch_uid="accounts.signed_out")
    user_locked_out.connect(locked_out, dispatch_uid="accounts.locked_out")
    post_delete.connect(lockout_cleared, sender=AccessAttempt, dispatch_uid="accounts.unlocked")
    m2m_changed.connect(
        roles_changed, sender=user_model.groups.through, dispatch_uid="accounts.roles"
    )
    pre_save.connect(password_changing, sender=user_model, dispatch_uid="accounts.pw_pre")
    post_save.connect(password_changed, sender=user_model, dispatch_uid="accounts.pw_post")


def password_changed(sender, instance, created=False, raw=False, **kwargs):
    from .services import access_record

    if created or raw or not getattr(instance, "_password_changed", False):
        return
    instance._password_changed = False
    request = _request_in_progress()
    actor = _acting_user(request)
    access_record(
        kind=AccessEventKind.PASSWORD_CHANGED,
        request=request,
        user=instance,
        actor=actor if actor and actor.pk != instance.pk else None,
    )
