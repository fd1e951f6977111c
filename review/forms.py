"""Forms of the editorial screens. They validate input only; services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from articles.textclean import strip_control

from .models import BoardMember, Decision


class TextForm(forms.Form):
    """Strips control characters (NUL, escapes…) from every text typed into the form;
    Django's own fields refuse only NUL. See ``articles.textclean``."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = strip_control(value)
        return cleaned


class MemberChoiceField(forms.ModelChoiceField):
    """Offers the assignable members, but accepts any member: the service then says why
    one cannot be assigned ("already assigned", "declared a conflict"…), which "Select a
    valid choice" would not."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            member = BoardMember.objects.filter(pk=value).first() if str(value).isdigit() else None
            if member is None:
                raise
            return member


class AssignForm(TextForm):
    reviewer = MemberChoiceField(queryset=BoardMember.objects.none())
    due_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for the default.",
    )
    comment = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A note for the reviewer (sent with the request).",
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["reviewer"].queryset = members
        self.fields["reviewer"].label_from_instance = lambda m: (
            f"{m}" + (f" — {m.specialties}" if m.specialties else "")
        )

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due and due < timezone.localdate():
            raise forms.ValidationError("The due date is in the past.")
        return due


STALE_PAGE = "This page is out of date or incomplete: reload it, review the text, then decide."


class DecisionForm(TextForm):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when you request changes: say what should change.",
    )
    evidence_checked = forms.BooleanField(
        required=False,
        label="I checked the cited evidence: each reference listed above supports what the "
        "text says it does.",
    )
    claims_confirmed = forms.BooleanField(
        required=False,
        label="I checked each claim listed above: it is correct and safe without a citation.",
    )
    withhold = forms.BooleanField(
        required=False,
        label="Not safe to show readers (a clinical error): with a request for changes, "
        "readers see “this answer is being revised after clinical review” instead of the "
        "text until it is submitted again.",
    )
    # What the member was shown: the decision applies to that text or to nothing.
    seen_content_hash = forms.RegexField(
        regex=r"^[0-9a-f]{64}$",
        widget=forms.HiddenInput,
        error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE},
    )
    seen_version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE},
    )

    def __init__(self, *args, claims: list[str] | None = None, **kwargs):
        """``claims``: what the member must confirm to approve; no box when there is none."""
        super().__init__(*args, **kwargs)
        if claims is not None and not claims:
            del self.fields["claims_confirmed"]


class DeclineForm(TextForm):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    conflict = forms.BooleanField(
        required=False, label="This is a conflict of interest (do not ask me again)"
    )


class WithdrawForm(TextForm):
    reason = forms.CharField(max_length=1000)


class CommentForm(TextForm):
    quote = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Optional: select the passage in the text above (or paste it); it is highlighted "
            "in the text for everyone, and marked “passage changed” if an edit removes it."
        ),
    )
    body = forms.CharField(
        label="Comment", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
