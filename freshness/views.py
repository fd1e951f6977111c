"""The editors' "Attention needed" queue: open flags grouped by article, most severe first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from articles.exceptions import ActionForbidden, ArticleError

from . import selectors, services
from .models import StaleFlag
from .policy import POLICIES


@login_required
@permission_required("freshness.view_staleflag", raise_exception=True)
def attention(request):
    groups = selectors.attention_queue()
    return render(
        request,
        "freshness/attention.html",
        {"groups": groups, "policies": {k: p.words for k, p in POLICIES.items()}},
    )


@login_required
@require_POST
def dismiss(request, pk: int):
    flag = get_object_or_404(StaleFlag, pk=pk)
    try:
        services.flag_dismiss(flag=flag, actor=request.user, reason=request.POST.get("reason", ""))
    except ActionForbidden:
        raise
    except ArticleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Flag dismissed: {flag.get_reason_display()} — {flag.article}.")
    return redirect("freshness:attention")
