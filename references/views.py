"""The editor's citation helper (search, add by DOI/PMID) and an article's exports.

All behind login and the reference permissions; every write calls ``references.services``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from articles.exceptions import ActionForbidden
from articles.models import Article

from . import selectors, services
from .exceptions import ReferenceLibraryError
from .exporters import export_csl_json, export_ris


def _picker_item(reference) -> dict:
    return {
        "key": reference.key,
        "label": selectors.search_label(reference),
        "kind": reference.get_kind_display(),
        "retracted": reference.retracted,
    }


@require_GET
@login_required
@permission_required("references.view_reference", raise_exception=True)
def search(request: HttpRequest) -> JsonResponse:
    """``?q=`` words of the title, an author, the key, a DOI or a PMID."""
    found = selectors.reference_search(query=request.GET.get("q", ""), limit=20)
    return JsonResponse({"results": [_picker_item(r) for r in found]})


@require_POST
@login_required
def lookup(request: HttpRequest) -> JsonResponse:
    """Add (or find) the reference for a DOI or PMID; answers its key for ``[@key]``."""
    try:
        reference, created = services.reference_lookup(
            actor=request.user, identifier=request.POST.get("identifier", "")
        )
    except ActionForbidden as error:
        return JsonResponse({"error": error.message}, status=403)
    except ReferenceLibraryError as error:
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse({**_picker_item(reference), "created": created})


def _article_for_export(request: HttpRequest, slug: str) -> Article:
    if not request.user.has_perm("articles.view_article"):
        raise ActionForbidden("Your role does not allow you to see this article's references.")
    return get_object_or_404(Article, slug=slug)


@require_GET
@login_required
@permission_required("references.view_reference", raise_exception=True)
def export_article_ris(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_for_export(request, slug)
    entries = selectors.article_references(article)
    response = HttpResponse(
        export_ris([data for _, data in entries]), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{article.slug}-references.ris"'
    return response


@require_GET
@login_required
@permission_required("references.view_reference", raise_exception=True)
def export_article_csl_json(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_for_export(request, slug)
    entries = selectors.article_references(article)
    body = export_csl_json([data for _, data in entries], ids=[key for key, _ in entries])
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug}-references.json"'
    return response
