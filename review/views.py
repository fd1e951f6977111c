"""The editorial screens: a dashboard, an article's review page, and the forms they post.

Every view is behind login (anonymous users are sent to the login page) and the editorial
role (``review.access_editorial``; anyone else gets 403). The page shows only the actions
the user may take; each POST checks again, so a forged POST of any other action is
answered 403 and changes nothing (the services refuse with ``ActionForbidden``, which
Django turns into 403). Other refusals (wrong state, missing comment…) become messages.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import selectors as article_selectors
from articles.exceptions import ActionForbidden, ArticleError, ContentChanged
from articles.ids import id_or_404, parse_id
from articles.models import Article, ArticleStatus
from articles.selectors import article_versions, same_substance, version_diff, version_label

from . import extensions, selectors, services, workspace
from .forms import AssignForm, CommentForm, DecisionForm, DeclineForm, WithdrawForm
from .models import ReviewAssignment, ReviewComment
from .permissions import can_resolve_comment, can_view_review, has_editorial_access
from .preview import preview_version, render_preview_page
from .selectors_mentions import mentionable_people, mentions_of
from .services.decisions import evidence_list


def editorial(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_editorial_access(request.user):
            raise PermissionDenied("The editorial screens are for editors and board members.")
        return view(request, *args, **kwargs)

    return wrapped


def _article(request, pk: int) -> Article:
    article = selectors.article_for_review(pk=pk)
    if article is None:
        raise Http404("No such article.")
    if not can_view_review(request.user, article):
        raise PermissionDenied("You are not taking part in the review of this article.")
    return article


def _assignment(pk: int) -> ReviewAssignment:
    return get_object_or_404(
        ReviewAssignment.objects.select_related("article", "reviewer__user"), pk=pk
    )


def _may_assign(user, article: Article) -> bool:
    return services.assign_refusal(article, user) is None


def _form_errors(request, form) -> None:
    """Errors of a form that is not shown again (the page redirects) as messages."""
    for field, errors in form.errors.items():
        label = form[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label or field}: {error}" if field != "__all__" else error)


def _run(request, action, success: str) -> bool:
    """Call a service; refusals become messages, except ``ActionForbidden`` (403)."""
    try:
        action()
    except ActionForbidden:
        raise
    except ArticleError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


def _back(article_or_pk):
    pk = getattr(article_or_pk, "pk", article_or_pk)
    return redirect("review:article", pk=pk)


# --- pages ---------------------------------------------------------------------------


@login_required
def home(request):
    """Where people land after signing in: the page that holds their work."""
    return redirect(workspace.home_url(request.user))


@editorial
def my_reviews(request):
    reviews = workspace.my_reviews(user=request.user)
    mentions = mentions_of(request.user)
    return render(request, "review/my_reviews.html", {"reviews": reviews, "mentions": mentions})


@editorial
def my_articles(request):
    groups = workspace.my_articles(user=request.user)
    mentions = mentions_of(request.user)
    return render(request, "review/my_articles.html", {"groups": groups, "mentions": mentions})


@editorial
def preview(request, pk: int):
    article = _article(request, pk)
    try:
        history_id = id_or_404(request.GET["version"]) if request.GET.get("version") else None
        back_url = reverse("review:article", args=[article.pk])
        version = preview_version(article, history_id=history_id, back_url=back_url)
    except (ValueError, LookupError) as error:
        raise Http404("No such version of this article.") from error
    return render_preview_page(request, version)


@editorial
def dashboard(request):
    board = selectors.dashboard(user=request.user)
    publishing = None
    if request.user.has_perm("articles.change_article"):
        # What is scheduled, and which articles lack a version for an audience.
        publishing = {
            "releases": list(article_selectors.scheduled_releases()[:20]),
            "expiries": list(article_selectors.scheduled_expiries()[:20]),
            "missing": article_selectors.articles_missing_audience_version(20),
        }
    return render(request, "review/dashboard.html", {"board": board, "publishing": publishing})


@editorial
def article_review(request, pk: int):
    article = _article(request, pk)
    user = request.user
    # After a refusal, the page shows what changed since the version they saw.
    seen = parse_id(request.GET.get("seen"))
    page = selectors.review_page(article=article, user=user, seen_version=seen)
    under_review = article.status == ArticleStatus.UNDER_REVIEW
    mine = page.my_assignment
    may_assign = _may_assign(user, article)
    shown = {"seen_content_hash": page.content_hash, "seen_version": article.text_version}
    deciding = bool(mine and under_review)
    claims = extensions.approval_confirmations(article) if deciding else []
    context = {
        "page": page,
        "article": article,
        "decision_form": DecisionForm(initial=shown, claims=claims) if deciding else None,
        "evidence": evidence_list(article) if deciding else [],
        "claims_to_confirm": claims,
        "decline_form": DeclineForm() if mine else None,
        "assign_form": (
            AssignForm(members=selectors.assignable_members(article)) if may_assign else None
        ),
        "may_withdraw": services.manage_reviewers_refusal(article, user) is None,
        "mentionable": (
            mentionable_people(article) if user.has_perm("review.add_reviewcomment") else None
        ),
        "comment_form": (
            CommentForm()
            if user.has_perm("review.add_reviewcomment")
            and article.status != ArticleStatus.ARCHIVED
            else None
        ),
        "may_resolve_any": user.has_perm("review.resolve_any_reviewcomment")
        or article.author_id == user.pk,
        "panels": extensions.panels(article, user),
    }
    return render(request, "review/article_review.html", context)


@editorial
def versions(request, pk: int):
    article = _article(request, pk)
    records = article_versions(article)
    return render(request, "review/versions.html", {"article": article, "records": records})


@editorial
def diff(request, pk: int):
    article = _article(request, pk)
    if not (request.GET.get("old") and request.GET.get("new")):
        messages.error(request, "Choose two versions to compare.")
        return redirect("review:versions", pk=article.pk)
    old_id = id_or_404(request.GET["old"], "version of this article")
    new_id = id_or_404(request.GET["new"], "version of this article")
    records = {r.history_id: r for r in article.history.filter(history_id__in=[old_id, new_id])}
    if old_id not in records or new_id not in records:
        raise Http404("No such version of this article.")
    old, new = sorted([records[old_id], records[new_id]], key=lambda r: r.history_id)
    context = {
        "article": article,
        "old": old,
        "new": new,
        "old_label": version_label(old),
        "new_label": version_label(new),
        "same": same_substance(old, new),
        "diffs": version_diff(old, new),
    }
    return render(request, "review/diff.html", context)


# --- actions -------------------------------------------------------------------------


@editorial
def assign(request, pk: int):
    article = _article(request, pk)
    if not request.user.has_perm("review.assign_reviewer"):
        raise PermissionDenied("Your role does not allow you to assign reviewers.")
    members = selectors.assignable_members(article)
    form = AssignForm(request.POST or None, members=members)
    # Errors are shown once, beside their fields (the form is rendered again).
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            request,
            lambda: services.review_assign(
                article=article,
                reviewer=data["reviewer"],
                actor=request.user,
                due_date=data["due_date"],
                comment=data["comment"],
            ),
            f"{data['reviewer']} was asked to review this article.",
        )
        if done:
            return _back(article)
    refusal = services.assign_refusal(article, request.user)
    context = {
        "article": article,
        "form": form,
        "may_assign": refusal is None,
        "refusal": refusal.message if refusal else "",
    }
    return render(request, "review/assign.html", context)


@editorial
@require_POST
def decide(request, pk: int):
    assignment = _assignment(pk)
    if assignment.reviewer.user_id != request.user.pk:
        raise PermissionDenied("Only the assigned reviewer can record this decision.")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(assignment.article_id)
    data = form.cleaned_data
    try:
        services.review_decide(
            assignment=assignment,
            actor=request.user,
            decision=data["decision"],
            comment=data["comment"],
            seen_content_hash=data["seen_content_hash"],
            seen_version=data["seen_version"],
            evidence_checked=data["evidence_checked"],
            claims_confirmed=data.get("claims_confirmed", False),
            withhold=data["withhold"],
        )
    except ContentChanged as error:
        messages.error(request, error.message)
        url = reverse("review:article", kwargs={"pk": assignment.article_id})
        return redirect(f"{url}?seen={error.seen_version or ''}#diff")
    except ActionForbidden:
        raise
    except ArticleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your decision was recorded.")
    return _back(assignment.article_id)


@editorial
@require_POST
def decline(request, pk: int):
    assignment = _assignment(pk)
    if assignment.reviewer.user_id != request.user.pk:
        raise PermissionDenied("Only the assigned reviewer can decline this review.")
    form = DeclineForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.review_decline(
                assignment=assignment,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                conflict=form.cleaned_data["conflict"],
            ),
            "You declined this review; the editors were told.",
        )
    else:
        _form_errors(request, form)
    return redirect("review:dashboard")  # a declined review's page is no longer theirs


@editorial
@require_POST
def withdraw(request, pk: int):
    assignment = _assignment(pk)
    if not request.user.has_perm("review.assign_reviewer"):
        raise PermissionDenied("Your role does not allow you to withdraw assignments.")
    _article(request, assignment.article_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.review_withdraw(
                assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            f"The assignment of {assignment.reviewer} was withdrawn.",
        )
    else:
        _form_errors(request, form)
    return _back(assignment.article_id)


@editorial
@require_POST
def comment(request, pk: int):
    article = _article(request, pk)
    if not request.user.has_perm("review.add_reviewcomment"):
        raise PermissionDenied("Your role does not allow you to comment.")
    form = CommentForm(request.POST)
    if form.is_valid():
        parent_id = form.cleaned_data["parent"]
        parent = None
        if parent_id:
            parent = ReviewComment.objects.filter(pk=parent_id, article=article).first()
            if parent is None:
                raise Http404("No such comment on this article.")
        _run(
            request,
            lambda: services.comment_create(
                article=article,
                actor=request.user,
                body=form.cleaned_data["body"],
                quote=form.cleaned_data["quote"],
                parent=parent,
            ),
            "Your comment was added.",
        )
    else:
        _form_errors(request, form)
    return _back(article)


def _toggle_thread(request, pk: int, *, resolve: bool):
    comment = get_object_or_404(ReviewComment.objects.select_related("article"), pk=pk)
    _article(request, comment.article_id)
    if not can_resolve_comment(request.user, comment):
        raise PermissionDenied("You cannot resolve or reopen this thread.")
    service = services.comment_resolve if resolve else services.comment_reopen
    _run(
        request,
        lambda: service(comment=comment, actor=request.user),
        "Thread resolved." if resolve else "Thread reopened.",
    )
    return _back(comment.article_id)


@editorial
@require_POST
def resolve_comment(request, pk: int):
    return _toggle_thread(request, pk, resolve=True)


@editorial
@require_POST
def reopen_comment(request, pk: int):
    return _toggle_thread(request, pk, resolve=False)
