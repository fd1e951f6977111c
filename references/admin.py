"""The reference library in the admin. Every write goes through ``references.services``.

- Add / change save through ``reference_create`` / ``reference_update`` (DOI and PMID are
  normalised and checked for duplicates in the form, naming the existing reference).
- Delete goes through ``reference_delete``, which refuses while any article cites the
  reference and names the articles; the bulk "delete selected" action is removed because
  Django's bulk delete would bypass it.
- "Import a file" and "Look up a DOI or PMID" are admin views calling the services.
- A service's refusal on add/change is shown as a message (``ServiceErrorsMixin``, shared
  with the article admin); a forbidden action stays a 403.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.admin import CappedPaginator, ReadOnlyAdminMixin, ServiceErrorsMixin
from articles.exceptions import ActionForbidden

from . import selectors, services
from .data import Kind, ReferenceData
from .exceptions import ReferenceLibraryError
from .exporters import export_csl_json, export_ris
from .forms import ImportForm, LookupForm, ReferenceForm
from .identifiers import clean_doi, clean_pmid
from .models import DATA_FIELDS, Citation, Reference, ReferenceImport


class CitedFilter(admin.SimpleListFilter):
    title = "cited"
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", "Cited by an article"), ("no", "Not cited")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(Exists(selectors.cited_in_body()))
        if self.value() == "no":
            return queryset.filter(~Exists(selectors.cited_in_body()))
        return queryset


def _attachment(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Reference)
class ReferenceAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    form = ReferenceForm
    list_display = ["key", "kind", "short_title", "year", "doi", "pmid", "retracted", "cited"]
    list_filter = ["kind", "retracted", CitedFilter]
    show_full_result_count = False  # no second COUNT(*) of the whole library per page
    paginator = CappedPaginator  # a filtered or searched list counts at most 10,000
    search_fields = ["key", "title", "authors_text", "doi", "pmid"]
    readonly_fields = [
        "formatted_preview",
        "citing_articles",
        "last_checked_at",
        "label_latest_version",
        "label_latest_published",
        "created_at",
        "updated_at",
    ]
    change_list_template = "references/admin/reference_change_list.html"
    fieldsets = [
        (None, {"fields": ["kind", "key", "title", "authors_lines", "comment"]}),
        (
            "Publication",
            {
                "fields": [
                    "container_title",
                    "container_title_short",
                    "publisher",
                    "publisher_place",
                    "year",
                    "volume",
                    "issue",
                    "pages",
                    "published",
                    "edition",
                ]
            },
        ),
        ("Identifiers and links", {"fields": ["doi", "pmid", "url", "accessed"]}),
        (
            "Guidelines and drug labels",
            {
                "fields": [
                    "issuing_body",
                    "manufacturer",
                    "label_set_id",
                    "label_cited_version",
                    "label_latest_version",
                    "label_latest_published",
                    "revised",
                ]
            },
        ),
        (
            "Status",
            {
                "fields": [
                    "retracted",
                    "retraction_notice",
                    "retraction_notice_doi",
                    "retracted_on",
                    "concern",
                    "concern_on",
                    "corrected",
                    "corrected_on",
                    "superseded_by",
                    "superseded_on",
                    "superseded_notice",
                    "status_source",
                    "last_checked_at",
                ]
            },
        ),
    ]
    change_fieldsets = [
        ("As readers see it (AMA)", {"fields": ["formatted_preview", "citing_articles"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]
    autocomplete_fields = ["superseded_by"]

    def get_queryset(self, request):
        return selectors.references_with_usage()

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(self.fieldsets)
        if obj is None:
            return fieldsets
        if not request.user.has_perm("articles.view_article"):
            # Which articles cite it names articles, drafts included: not for board
            # members, who read articles only through their review pages.
            return [
                *fieldsets,
                ("As readers see it (AMA)", {"fields": ["formatted_preview"]}),
                ("Record", {"fields": ["created_at", "updated_at"]}),
            ]
        return [*fieldsets, *self.change_fieldsets]

    def get_search_results(self, request, queryset, search_term):
        """A DOI in URL form or a PMID with its prefix finds its reference too."""
        if search_term and (clean_doi(search_term) or clean_pmid(search_term)):
            found = selectors.reference_search(query=search_term, limit=20)
            if found:
                return queryset.filter(pk__in=[r.pk for r in found]), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="cited by", ordering="cited_count")
    def cited(self, obj):
        return obj.cited_count

    @admin.display(description="reference (AMA)")
    def formatted_preview(self, obj):
        if not obj or not obj.formatted_html:
            return "—"
        return mark_safe(obj.formatted_html)  # noqa: S308 - escaped by references.formatting

    @admin.display(description="cited by")
    def citing_articles(self, obj):
        citations = selectors.citing_articles(obj) if obj and obj.pk else []
        if not citations:
            return "No article cites this reference."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> — {}</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[c.article_id]),
                        c.article.title,
                        f"reference {c.number}" if c.number else "attached, not cited",
                    )
                    for c in citations
                ),
            ),
        )

    actions = ["export_ris", "export_csl_json"]

    @admin.action(description="Export selected references as RIS", permissions=["view"])
    def export_ris(self, request, queryset):
        references = list(queryset.order_by("key"))
        return _attachment(
            export_ris([r.to_data() for r in references]), "text/plain", "references.ris"
        )

    @admin.action(description="Export selected references as CSL-JSON", permissions=["view"])
    def export_csl_json(self, request, queryset):
        references = list(queryset.order_by("key"))
        body = export_csl_json([r.to_data() for r in references], ids=[r.key for r in references])
        return _attachment(body, "application/json", "references.json")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would bypass reference_delete
        return actions

    # --- saving through the services ---------------------------------------------------

    def save_model(self, request, obj, form, change):
        cleaned = form.cleaned_data
        comment = cleaned.get("comment", "")
        if not change:
            values = {name: cleaned.get(name) for name in DATA_FIELDS if name in cleaned}
            values["authors"] = cleaned.get("authors_lines") or []
            values["kind"] = Kind(cleaned["kind"])
            for name, value in list(values.items()):
                if value is None and name not in ("year", "published", "accessed", "revised"):
                    values[name] = ""
            reference, created = services.reference_create(
                actor=request.user,
                data=ReferenceData(**values),
                key=cleaned.get("key") or "",
                comment=comment,
            )
            if not created:
                self.message_user(
                    request,
                    f"This work is already in the library as '{reference.key}'; nothing was added.",
                    level=messages.WARNING,
                )
            obj.pk = reference.pk
            obj.refresh_from_db()
            return
        changes = {
            name: cleaned[name]
            for name in form.changed_data
            if name in services.UPDATABLE_FIELDS and name in cleaned
        }
        if "authors_lines" in form.changed_data:
            changes["authors"] = cleaned["authors_lines"]
        original = Reference.objects.get(pk=obj.pk)
        services.reference_update(
            reference=original, actor=request.user, comment=comment, **changes
        )
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """No many-to-many fields; the service saved everything."""

    def delete_view(self, request, object_id, extra_context=None):
        reference = self.get_object(request, unquote(object_id))
        if reference is None:
            return super().delete_view(request, object_id, extra_context)
        if not self.has_delete_permission(request, reference):
            raise PermissionDenied
        change_url = reverse("admin:references_reference_change", args=[reference.pk])
        if request.method == "POST":
            try:
                services.reference_delete(reference=reference, actor=request.user)
            except ActionForbidden:
                raise
            except ReferenceLibraryError as error:
                self.message_user(request, error.message, level=messages.ERROR)
                return redirect(change_url)
            self.message_user(
                request, f"The reference '{reference.key}' was deleted.", level=messages.SUCCESS
            )
            return redirect("admin:references_reference_changelist")
        refusal = selectors.deletion_refusal(reference)
        if refusal:
            self.message_user(request, refusal, level=messages.ERROR)
            return redirect(change_url)
        return super().delete_view(request, object_id, extra_context)

    # --- import and lookup -------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="references_reference_import"),
            path(
                "import/<int:job_id>/",
                view(self.import_job_view),
                name="references_reference_import_job",
            ),
            path("lookup/", view(self.lookup_view), name="references_reference_lookup"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **extra,
        }

    def import_view(self, request):
        """Small files are imported in the request; large ones (over
        ``BACKGROUND_IMPORT_BYTES``) become a background job with a progress page."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            background = upload.size > services.BACKGROUND_IMPORT_BYTES
            service = services.reference_import_start if background else services.reference_import
            try:
                outcome = service(
                    actor=request.user,
                    content=upload.read(),
                    filename=upload.name,
                    article=form.cleaned_data.get("article"),
                )
            except ActionForbidden:
                raise
            except ReferenceLibraryError as error:
                form.add_error("file", error.message)
            else:
                if background:
                    return redirect("admin:references_reference_import_job", outcome.pk)
                report = outcome
                level = messages.WARNING if report.errors else messages.SUCCESS
                self.message_user(request, f"{report.summary}.", level=level)
        context = self._context(request, "Import references", form=form, report=report)
        return TemplateResponse(request, "references/admin/import.html", context)

    def import_job_view(self, request, job_id):
        """A background import: its progress while it runs, its report when done."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        job = ReferenceImport.objects.filter(pk=job_id).first()
        if job is None:
            raise Http404("No such import.")
        done, total = services.reference_import_progress(job)
        context = self._context(
            request, f"Import of {job.filename or 'a file'}", job=job, done=done, total=total
        )
        return TemplateResponse(request, "references/admin/import_job.html", context)

    def lookup_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = LookupForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                reference, created = services.reference_lookup(
                    actor=request.user, identifier=form.cleaned_data["identifier"]
                )
            except ActionForbidden:
                raise
            except ReferenceLibraryError as error:
                form.add_error("identifier", error.message)
            else:
                if created:
                    message = f"Added '{reference.key}'. Check its fields against the source."
                else:
                    message = f"Already in the library as '{reference.key}'; nothing was added."
                self.message_user(request, message, level=messages.SUCCESS)
                return redirect("admin:references_reference_change", reference.pk)
        context = self._context(request, "Look up a DOI or PMID", form=form)
        return TemplateResponse(request, "references/admin/lookup.html", context)


@admin.register(Citation)
class CitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: citation lists are derived from article bodies."""

    list_display = ["article", "number", "reference"]
    show_full_result_count = False
    list_select_related = ["article", "reference"]
    search_fields = ["article__title", "reference__key", "reference__title"]
    readonly_fields = ["article", "reference", "number", "created_at"]
