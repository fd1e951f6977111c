"""The article admin's forms: the article itself, and the small "why" form of each action."""

from __future__ import annotations

from django import forms

from .. import services
from ..models import (
    Article,
    ChangeKind,
    ExpiryAction,
)
from ..textclean import strip_control


class ArticleForm(forms.ModelForm):
    expected_lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        required=False,
        max_length=500,
        help_text="Why you are making this change (kept in the version history).",
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "audience",
            "alt_summary",
            "alt_body",
            "change_kind",
            "change_note",
            "release_at",
            "expires_at",
            "expiry_action",
            "review_interval_months",
            "topics",
            "related_articles",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Required: a POST without it would skip the stale-form check.
            self.fields["expected_lock_version"].initial = self.instance.lock_version
            self.fields["expected_lock_version"].required = True
        if "expiry_action" in self.fields:  # a default: forms that leave it out keep it
            self.fields["expiry_action"].required = False
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Left empty, it is made from the question."

    def _get_validation_exclusions(self):
        excluded = super()._get_validation_exclusions()
        if not self.cleaned_data.get("slug"):
            excluded.add("slug")  # the service makes one from the question
        return excluded

    def _clean_text(self, name: str) -> str:
        """The service's text rule, shown beside the field instead of after the save."""
        value = strip_control(self.cleaned_data.get(name, ""))
        problem = services.text_problem(name, value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_title(self):
        return self._clean_text("title")

    def clean_body(self):
        return self._clean_text("body")

    def clean(self):
        cleaned = super().clean()
        if "expiry_action" in self.fields and not cleaned.get("expiry_action"):
            cleaned["expiry_action"] = self.instance.expiry_action or ExpiryAction.BANNER
        expected = cleaned.get("expected_lock_version")
        if self.instance.pk and expected is not None and expected != self.instance.lock_version:
            raise forms.ValidationError(
                "Someone saved this article after you opened it. Your changes were not saved: "
                "copy them, reload the page, and apply them again."
            )
        return cleaned


class TransitionForm(forms.Form):
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why (kept with the state change and in the version history). "
        "When archiving, readers of the withdrawn page see it.",
    )
    # A submission vouches for the text on the page: the hash and version shown there.
    seen_content_hash = forms.CharField(required=False, widget=forms.HiddenInput)
    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SubmitForm(TransitionForm):
    """Submitting a revision of an approved article also says what changed (public)."""

    change_kind = forms.ChoiceField(
        label="Kind of change",
        choices=[("", "—"), *ChangeKind.choices],
        required=False,
        help_text="Required for a revision of an approved article.",
    )
    change_note = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="Shown to readers in the article history (required for a revision).",
    )

    def __init__(self, *args, revision: bool = True, **kwargs):
        """``revision``: the article was approved before; a first submission has no
        "what changed" to tell readers, so those fields are not shown."""
        super().__init__(*args, **kwargs)
        self.fields[
            "comment"
        ].help_text = "Why (kept with the state change and in the version history)."
        if not revision:
            del self.fields["change_kind"], self.fields["change_note"]
