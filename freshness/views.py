"""The editors' "Attention needed" queue: open flags grouped by article, most severe first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles.exceptions import ActionForbidden, ArticleError

from . import selectors, services
from .models import StaleFlag


def _by_pk(name: str):
    """``reverse(name, args=[pk])`` for any pk, reversed once: the queue prints four links
    for each of up to 200 flags, and a reverse costs more than the rest of a row."""
    marker = "987654321"
    before, _, after = reverse(name, args=[int(marker)]).partition(marker)
    return lambda pk: f"{before}{pk}{after}"


@login_required
@permission_required("freshness.view_staleflag", raise_exception=True)
def attention(request):
    groups = selectors.attention_queue()
    shown = sum(len(group.flags) for group in groups)
    review, edit = _by_pk("review:article"), _by_pk("admin:articles_article_change")
    reference = _by_pk("admin:references_reference_change")
    dismiss_url = _by_pk("freshness:dismiss")
    for group in groups:
        group.review_url = review(group.article.pk)
        for flag in group.flags:
            flag.review_url, flag.edit_url = review(flag.article_id), edit(flag.article_id)
            flag.reference_url = reference(flag.reference_id) if flag.reference_id else ""
            flag.dismiss_url = dismiss_url(flag.pk)
    return render(
        request,
        "freshness/attention.html",
        {
            "groups": groups,
            "shown_count": shown,
            "can_change_references": request.user.has_perm("references.change_reference"),
            "can_change_articles": request.user.has_perm("articles.change_article"),
            "can_dismiss": request.user.has_perm("freshness.change_staleflag"),
            # Counted only when the queue is full (an index-only count of the open flags).
            "open_count": StaleFlag.objects.open().count()
            if shown >= selectors.ATTENTION_LIMIT
            else shown,
        },
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
