"""The page a review link opens (``review.services.links``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse

from .services.links import LinkRefused, review_link_check, review_link_use


def _refused(request, error: LinkRefused):
    here = request.get_full_path()
    after = reverse("review:home")
    sign_in = f"{reverse('admin:login')}?{urlencode({'next': after})}"
    status = 410 if error.reason in {"used", "expired"} else 200
    context = {"error": error, "sign_in": sign_in, "here": here, "review_url": ""}
    link = error.link
    if link is not None and request.user.is_authenticated and link.user_id == request.user.pk:
        # Their own link, used or expired: they are signed in, so the review is one tap on.
        context["review_url"] = reverse("review:article", args=[link.assignment.article_id])
    return render(request, "review/review_link.html", context, status=status)


def review_link(request, token: str):
    """Open the review: sign in first (and the second factor, by the middleware)."""
    try:
        if not request.user.is_authenticated:
            review_link_check(token)  # say at once when it cannot open
            return redirect_to_login(request.get_full_path())
        link = review_link_use(token=token, user=request.user)
    except LinkRefused as error:
        return _refused(request, error)
    return redirect("review:article", pk=link.assignment.article_id)
