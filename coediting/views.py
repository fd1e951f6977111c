"""The heartbeat and autosave: thin, the rules are in ``coediting.services`` and ``.drafts``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles.models import Article

from .drafts import draft_autosave, draft_discard, draft_refusal
from .exceptions import DraftRefused, PresenceRefused
from .selectors import others_present, presence_message
from .services import presence_leave, presence_refusal, presence_touch


@require_POST
@login_required
def heartbeat(request, article_id: int):
    """Record the caller's presence; answer who else is there and the article's lock version
    (the page warns before a save that would be refused as stale)."""
    article = get_object_or_404(Article, pk=article_id)
    try:
        presence_touch(article=article, user=request.user)
    except PresenceRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=403)
    return JsonResponse(
        {
            "message": presence_message(others_present(article, request.user)),
            "lock_version": article.lock_version,
        }
    )


@require_POST
@login_required
def leave(request, article_id: int):
    article = get_object_or_404(Article, pk=article_id)
    if refusal := presence_refusal(request.user, article):
        return JsonResponse({"error": refusal}, status=403)
    presence_leave(article=article, user=request.user)
    return JsonResponse({})


@require_POST
@login_required
def autosave(request, article_id: int):
    """Keep the caller's unsaved title, summary and body (the admin change page sends them)."""
    article = get_object_or_404(Article, pk=article_id)
    try:
        slot = draft_autosave(
            article=article,
            user=request.user,
            title=request.POST.get("title", ""),
            summary=request.POST.get("summary", ""),
            body=request.POST.get("body", ""),
        )
    except DraftRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=403)
    saved = f"{timezone.localtime(slot.saved_at):%H:%M:%S}" if slot else ""
    return JsonResponse({"saved_at": saved})


@require_POST
@login_required
def discard(request, article_id: int):
    article = get_object_or_404(Article, pk=article_id)
    if refusal := draft_refusal(article, request.user, title="", body=""):
        return JsonResponse({"error": refusal}, status=403)
    draft_discard(article=article, user=request.user)
    return JsonResponse({})
