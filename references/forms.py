"""Forms of the reference admin: the reference itself, file import and DOI/PMID lookup."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Article
from articles.services import EDITABLE_STATES
from articles.textclean import invisible_problem

from .data import organisation, person
from .identifiers import InvalidIdentifier, normalize_doi, normalize_pmid
from .models import Reference


def authors_to_text(authors: list[dict]) -> str:
    lines = []
    for author in authors or []:
        if author.get("literal"):
            lines.append(author["literal"])
        else:
            given = author.get("given", "")
            lines.append(f"{author.get('family', '')}, {given}" if given else author["family"])
    return "\n".join(lines)


def text_to_authors(text: str) -> list[dict]:
    """One author a line: "Family, Given" is a person, a line without a comma an organisation."""
    authors = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        family, comma, given = line.partition(",")
        authors.append(person(family, given) if comma else organisation(line))
    return authors


class ReferenceForm(forms.ModelForm):
    authors_lines = forms.CharField(
        label="Authors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line, in order: “Liu, Catherine” for a person; a line without a "
        "comma is an organisation (e.g. Infectious Diseases Society of America).",
    )
    comment = forms.CharField(
        required=False, max_length=500, help_text="Why (kept in the version history)."
    )
    url = forms.URLField(label="URL", required=False, max_length=1000, assume_scheme="https")

    class Meta:
        model = Reference
        fields = [
            "kind",
            "key",
            "title",
            "container_title",
            "container_title_short",
            "publisher",
            "publisher_place",
            "issuing_body",
            "year",
            "volume",
            "issue",
            "pages",
            "published",
            "edition",
            "doi",
            "pmid",
            "url",
            "accessed",
            "manufacturer",
            "label_set_id",
            "revised",
            "label_cited_version",
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
        ]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A read-only view (a role with only ``view_reference``) has no editable fields.
        if "key" in self.fields:
            self.fields["key"].required = False
        if "authors_lines" in self.fields:
            self.fields["authors_lines"].initial = authors_to_text(self.instance.authors)

    def _duplicate(self, field: str, value: str) -> None:
        other = Reference.objects.filter(**{field: value}).exclude(pk=self.instance.pk).first()
        if other is not None:
            url = reverse("admin:references_reference_change", args=[other.pk])
            raise forms.ValidationError(
                format_html(
                    'This {} is already in the library as <a href="{}">{}</a>: cite that '
                    "reference instead of adding a second copy.",
                    field.upper(),
                    url,
                    other,
                )
            )

    def clean_doi(self) -> str:
        value = self.cleaned_data.get("doi", "").strip()
        if not value:
            return ""
        try:
            value = normalize_doi(value)
        except InvalidIdentifier as error:
            raise forms.ValidationError(str(error)) from None
        self._duplicate("doi", value)
        return value

    def clean_pmid(self) -> str:
        value = self.cleaned_data.get("pmid", "").strip()
        if not value:
            return ""
        try:
            value = normalize_pmid(value)
        except InvalidIdentifier as error:
            raise forms.ValidationError(str(error)) from None
        self._duplicate("pmid", value)
        return value

    def clean_title(self) -> str:
        value = self.cleaned_data.get("title", "")
        problem = invisible_problem(value, "title")
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_authors_lines(self) -> list[dict]:
        value = self.cleaned_data.get("authors_lines", "")
        problem = invisible_problem(value.replace("\r", "").replace("\n", " "), "author list")
        if problem:
            raise forms.ValidationError(problem)
        return text_to_authors(value)

    def _get_validation_exclusions(self):
        excluded = super()._get_validation_exclusions()
        if not self.cleaned_data.get("key"):
            excluded.add("key")  # the service makes one from the first author and year
        return excluded


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="RIS, BibTeX, PubMed/MEDLINE (.nbib or PubMed XML) or CSL-JSON; "
        "UTF-8 or UTF-16. At most {} MB per file."
    )
    article = forms.ModelChoiceField(
        # Only articles whose references may change (the service refuses the others too).
        queryset=Article.objects.filter(status__in=EDITABLE_STATES).order_by("title"),
        required=False,
        help_text="Optionally attach every imported reference to this article "
        "(approved articles need a revision first).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text.format(self.max_mb())

    @staticmethod
    def max_mb() -> int:
        return settings.REFERENCE_IMPORT_MAX_MB

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_mb() * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{self.max_mb()} MB. Split it and import the parts. Nothing was imported."
            )
        if upload.size == 0:
            raise forms.ValidationError("The file is empty. Nothing was imported.")
        return upload


class LookupForm(forms.Form):
    identifier = forms.CharField(
        label="DOI or PMID",
        max_length=300,
        help_text="e.g. 10.1093/cid/ciu296, https://doi.org/10.1093/cid/ciu296 or 24973422.",
    )
