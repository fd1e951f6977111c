"""Public pages: home, article, advisory board, editorial policy, and what readers send."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template import engines
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.ids import parse_id
from articles.models import Article

from . import audience as audiences
from . import links, selectors, services
from .cache import cached_page
from .exceptions import SubmissionRefused
from .forms import QuestionForm, ReportForm
from .fragments import reference_list
from .jsonld import medical_web_page


def client_address(request) -> str:
    """The reader's address for the rate limit (behind a proxy, set READERS_TRUSTED_PROXY)."""
    if settings.READERS_TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


@cached_page
def home(request):
    query = request.GET.get("q", "")[:200]
    topic = request.GET.get("topic", "")[:80]
    number = selectors.page_number(request.GET.get("page"))
    pending = [] if (query or topic) else selectors.pending_articles()
    return render(
        request,
        "readers/home.html",
        {
            "page": selectors.home_page(
                query=query,
                topic=topic,
                number=number,
                after=parse_id(request.GET.get("after")),
                before=parse_id(request.GET.get("before")),
            ),
            "query": query,
            "topic": topic,
            "topics": selectors.topics(),
            "pending": pending,
        },
    )


def render_article(request, page, *, status=200):
    """The article page for ``page`` (an ``ArticlePage``), also used for staff previews.

    The page holds nothing particular to one reader but the audience choice (part of the
    cache key): "Report a problem" and "Ask a follow-up question" are links to pages of
    their own (``report``, ``ask``), so a cached article page is served as stored, with no
    per-reader token to fill in. A preview (``page.preview``) carries a "Preview — not
    public" banner, no links to those forms and ``noindex``.
    """
    site = links.site_links(request)["site"]
    url = (
        request.build_absolute_uri(links.article_url(page.article.slug)) if page.article.pk else ""
    )
    body = engines["jinja2"].get_template("readers/article_body.html")
    article_html = body.render(
        {
            "page": page,
            "site": site,
            "audience_shown": audiences.SHOWN.get(page.audience, ""),
            "audience_wanted": audiences.SHOWN.get(page.wanted, ""),
            "references_html": reference_list(page.references),
        },
        request,
    )
    return render(
        request,
        "readers/article.html",
        {
            "page": page,
            "article_html": mark_safe(article_html),  # noqa: S308 - Jinja2, autoescaped
            "jsonld": medical_web_page(page, url=url, absolute=request.build_absolute_uri),
            "canonical": url,
        },
        status=status,
    )


def _page_or_error(request, slug: str):
    page = selectors.article_page(slug=slug, audience=audiences.chosen(request))
    if page is None:
        raise Http404("No published article here.")
    if isinstance(page, selectors.Gone):
        context = {"article": page.article, "record": selectors.archive_record(page.article)}
        return None, render(request, "readers/gone.html", context, status=410)
    return page, None


@cached_page
def article(request, slug: str):
    page, error = _page_or_error(request, slug)
    return error or render_article(request, page)


@cached_page
def article_version(request, slug: str, reference: str):
    """An earlier approved version, read-only, marked superseded, not indexed."""
    page = selectors.version_page(
        slug=slug, reference=reference, audience=audiences.chosen(request)
    )
    if page is None:
        raise Http404("No earlier approved version with this reference.")
    response = render_article(request, page)
    response["X-Robots-Tag"] = "noindex"
    return response


def _same_origin(request) -> bool:
    """Whether a POST came from one of this site's own pages.

    Browsers send ``Origin`` with every POST (``Referer`` as a fallback), so another site
    cannot switch a reader's audience by making their browser post here. The public pages
    are cached whole, so their small forms cannot carry a per-reader CSRF token: this
    check stands in for it, for a choice that changes nothing but which text is shown.
    """
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER") or ""
    if not source or source == "null":
        return False
    parsed = urlsplit(source)
    return f"{parsed.scheme}://{parsed.netloc}" == f"{request.scheme}://{request.get_host()}"


@csrf_exempt  # checked by _same_origin instead: see there
@require_POST
def set_audience(request, choice: str):
    """ "Which best describes you?": remember the choice (a cookie) and go back.

    A POST from the site's own pages only (a GET, an image tag or another site's form
    changes nothing). The cookie carries the session cookie's flags (``Secure`` in
    production, ``SameSite``, ``HttpOnly``).
    """
    if choice not in audiences.LABELS and choice != "any":
        raise Http404("No such audience.")
    if not _same_origin(request):
        raise PermissionDenied("Choose your audience on one of this site's pages.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("readers:home")
    response = redirect(target)
    if choice in audiences.LABELS:
        response.set_cookie(
            audiences.COOKIE,
            choice,
            max_age=audiences.MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=settings.SESSION_COOKIE_HTTPONLY,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
    else:
        response.delete_cookie(audiences.COOKIE, samesite=settings.SESSION_COOKIE_SAMESITE)
    return response


TALK_BACK = {
    "report": {
        "form_class": ReportForm,
        "heading": "Report a problem with this article",
        "intro": "Tell our editors what is wrong: a clinical error, a broken link, something "
        "unclear. Reports of clinical errors are looked at first.",
        "button": "Send report",
    },
    "question": {
        "form_class": QuestionForm,
        "heading": "Ask a follow-up question",
        "intro": "Our editors read every question; the ones we can answer become new articles.",
        "button": "Send question",
    },
}


def _talk_back(request, slug: str, which: str, save):
    """The page of one reader form about an article (GET shows it, POST sends it).

    Never cached: the form carries the reader's CSRF token. A refusal re-shows the form
    with the message and what the reader typed (status 400); nothing is stored.
    """
    page, error = _page_or_error(request, slug)
    if error:
        return error
    spec = TALK_BACK[which]
    form = spec["form_class"](request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            save(page, form.cleaned_data)
        except SubmissionRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("readers:thanks", slug=slug, what=which)
    response = render(
        request,
        "readers/talk_back.html",
        {
            "page": page,
            "form": form,
            "which": which,
            "heading": spec["heading"],
            "intro": spec["intro"],
            "button": spec["button"],
        },
        status=400 if form.is_bound else 200,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def report(request, slug: str):
    def save(page, data):
        services.feedback_submit(
            article=page.article,
            kind=data["kind"],
            message=data["message"],
            email=data["email"],
            seen_version=page.approval_reference,
            client=client_address(request),
            honeypot=data["website"],
        )

    return _talk_back(request, slug, "report", save)


@require_http_methods(["GET", "POST"])
def ask(request, slug: str):
    def save(page, data):
        services.question_submit(
            question=data["question"],
            asked_on=page.article,
            email=data["email"],
            client=client_address(request),
            honeypot=data["website"],
        )

    return _talk_back(request, slug, "question", save)


def thanks(request, slug: str, what: str):
    if what not in ("report", "question"):
        raise Http404
    article = get_object_or_404(Article, slug=slug)
    return render(request, "readers/thanks.html", {"article": article, "what": what})


@cached_page
def board(request):
    """The board page: its members (Jinja2, ``jinja2/readers/board_members.html``, as a
    board has hundreds) inside the site's layout. The articles each member reviewed are
    on the member's own page, so this page costs one query however many they reviewed."""
    members = engines["jinja2"].get_template("readers/board_members.html")
    members_html = members.render({"members": selectors.board_members(per_member=0)}, request)
    return render(
        request,
        "readers/board.html",
        {"members_html": mark_safe(members_html)},  # noqa: S308 - Jinja2, autoescaped
    )


@cached_page
def board_member(request, pk: int):
    """A board member's own page: credentials, disclosure, the articles they reviewed
    most recently. The reviewer links of article pages lead here."""
    entry = selectors.board_member(pk)
    if entry is None:
        raise Http404("No such member of the board.")
    template = engines["jinja2"].get_template("readers/board_member.html")
    site = links.site_links(request)["site"]
    member_html = template.render({"entry": entry, "site": site}, request)
    return render(
        request,
        "readers/board_member.html",
        {
            "name": entry["member"].display_name,
            "member_html": mark_safe(member_html),  # noqa: S308 - Jinja2, autoescaped
        },
    )


@cached_page
def editorial_policy(request):
    data = selectors.policy_page()
    if data is None:
        raise Http404("No editorial policy has been written yet.")
    return render(request, "readers/policy.html", data)


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /editorial/",
        "Disallow: /references/",
        f"Sitemap: {request.build_absolute_uri(reverse('readers:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    return HttpResponseRedirect(staticfiles_storage.url("readers/favicon.svg"))


def render_staff_preview(request, version):
    """The editorial workspace's preview of one version (``review.preview.PreviewVersion``).

    Registered with ``review.preview`` from ``ReadersConfig.ready()``; the review checks
    who may see it and which version it is.
    """
    return _preview_response(request, selectors.preview_page(version))


def _preview_response(request, page):
    response = render_article(request, page)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
