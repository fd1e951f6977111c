"""Staff: the reader-feedback inbox, where Editors and Admins triage what readers sent."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from articles.ids import id_or_404
from articles.models import Article

from . import services
from .exceptions import ReadersError
from .models import Feedback, FeedbackState, FollowUpQuestion, QuestionState

INBOX_LIMIT = 100  # items of each kind the inbox lists; the rest are in the admin


def may_read_inbox(user) -> bool:
    """Reader messages are for Editors and Admins (the admin's lists ask the same)."""
    return bool(
        user.is_active
        and user.is_staff
        and (
            user.has_perm("readers.view_feedback") or user.has_perm("readers.view_followupquestion")
        )
    )


@staff_member_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    """Reader reports and questions for editors to triage (through the services)."""
    if not may_read_inbox(request.user):
        raise PermissionDenied("Reader messages are for Editors and Admins.")
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("feedback"):
                services.feedback_triage(
                    feedback=get_object_or_404(
                        Feedback, pk=id_or_404(request.POST["feedback"], "reader report")
                    ),
                    actor=request.user,
                    state=request.POST.get("state", ""),
                    note=request.POST.get("note", "")[:2000],
                    send_back=request.POST.get("send_back") == "1",
                )
            elif request.POST.get("question"):
                answer = request.POST.get("answer", "").strip()
                services.question_triage(
                    question=get_object_or_404(
                        FollowUpQuestion, pk=id_or_404(request.POST["question"], "question")
                    ),
                    actor=request.user,
                    state=request.POST.get("state", ""),
                    answer=Article.objects.filter(slug=answer).first() if answer else None,
                    note=request.POST.get("note", "")[:2000],
                )
        except ReadersError as exc:
            error = str(exc)
        else:
            return redirect("readers:inbox")
    # Bounded: the most urgent first ("high" sorts first), one row more to say there are more.
    feedback = list(
        Feedback.objects.select_related("article")
        .filter(state__in=[FeedbackState.NEW, FeedbackState.ACCEPTED])
        .order_by("severity", "-received_at")[: INBOX_LIMIT + 1]
    )
    questions = list(
        FollowUpQuestion.objects.select_related("asked_on", "answer").filter(
            state__in=[QuestionState.NEW, QuestionState.PLANNED]
        )[: INBOX_LIMIT + 1]
    )
    return render(
        request,
        "readers/inbox.html",
        {
            "feedback": feedback[:INBOX_LIMIT],
            "questions": questions[:INBOX_LIMIT],
            "more_feedback": len(feedback) > INBOX_LIMIT,
            "more_questions": len(questions) > INBOX_LIMIT,
            "limit": INBOX_LIMIT,
            "error": error,
        },
        status=400 if error else 200,
    )
