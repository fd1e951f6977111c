"""The notification preferences page and the signed one-click unsubscribe link."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.exceptions import ArticleError

from .models import Delivery
from .preferences import KINDS, MANDATORY
from .services import preferences as prefs
from .views import editorial


@editorial
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    user = request.user
    if request.method == "POST":
        try:
            for kind in KINDS:
                wanted = request.POST.get(kind, Delivery.NOW)
                prefs.preference_set(user=user, actor=user, kind=kind, delivery=wanted)
        except ArticleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Your notification preferences were saved.")
        return redirect("review:notification_preferences")
    return render(
        request,
        "review/notification_preferences.html",
        {
            "rows": prefs.preferences_of(user),
            "choices": Delivery.choices,
            "mandatory": list(MANDATORY.values()),
        },
    )


# No CSRF token: mail clients post the RFC 8058 one-click request themselves, and the
# signed token is the proof. The link can only turn one kind of e-mail off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    sign_in = f"{reverse('admin:login')}?next={reverse('review:notification_preferences')}"
    context = {"sign_in": sign_in, "token": token}
    try:
        user, kind = prefs.unsubscribe_target(token)
    except ArticleError as error:
        return render(
            request, "review/unsubscribe.html", {**context, "error": error.message}, status=400
        )
    context.update(person=user, label=KINDS[kind][0].lower())
    if request.method == "POST":
        _user, _kind, changed = prefs.unsubscribe(token=token)
        context["done"] = True
        context["changed"] = changed
    return render(request, "review/unsubscribe.html", context)
