"""Two-step verification: set up an authenticator, enter a code, replace backup codes."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from . import services
from .forms import CodeForm
from .verification import is_signed_in_with_second_factor


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _qr_svg(data: str) -> str:
    """The QR code as inline SVG, drawn offline in pure Python (no image library)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    user = request.user
    if user_has_device(user):
        if is_signed_in_with_second_factor(user):
            return redirect(_next(request))
        return redirect(_with_next("accounts:verify", request))
    device = services.enrolment_start(user=user)
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_confirm(
                request=request, user=user, token=form.cleaned_data["code"]
            )
        except services.AccountRefused as refused:
            error = str(refused)
        else:
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": enrolment.backup_codes, "next": _next(request), "first": True},
            )
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "error": error,
            "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - our own SVG
            "secret": services.secret_text(device),
            "next": _next(request),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if not user_has_device(user):
        return redirect(_with_next("accounts:enrol", request))
    if is_signed_in_with_second_factor(user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.verify(request=request, token=form.cleaned_data["code"])
        except services.AccountRefused as refused:
            error = str(refused)
        else:
            return redirect(_next(request))
    return render(
        request, "accounts/verify.html", {"form": form, "error": error, "next": _next(request)}
    )


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


@never_cache
@login_required
@require_POST
def backup_codes(request):
    """New backup codes (the old ones stop working); only after passing the second factor."""
    if not is_signed_in_with_second_factor(request.user):
        return redirect("accounts:verify")
    codes = services.backup_codes_replace(user=request.user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _next(request)})
