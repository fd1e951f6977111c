"""The two forms readers fill in. Limits here mirror the services' (which decide)."""

from django import forms

from .models import EMAIL_MAX_CHARS, QUESTION_MAX_CHARS, REPORT_MAX_CHARS, FeedbackKind

# The honeypot: a field hidden from people (off-screen, aria-hidden, no tab stop) that
# bots fill in. Named like something a bot wants to fill.
HONEYPOT = "website"


class ReportForm(forms.Form):
    # No kind is pre-selected: clinical errors are triaged first, so a report nobody
    # classified must not arrive as one.
    kind = forms.ChoiceField(
        label="What kind of problem?",
        choices=[("", "Choose one…"), *FeedbackKind.choices],
        error_messages={"required": "Choose what kind of problem this is."},
    )
    message = forms.CharField(
        label="What is wrong?",
        max_length=REPORT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": REPORT_MAX_CHARS}),
    )
    email = forms.EmailField(
        label="Your e-mail (optional, if you would like a reply)",
        required=False,
        max_length=EMAIL_MAX_CHARS,
    )
    website = forms.CharField(required=False, label="Leave this empty")


class QuestionForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        max_length=QUESTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": QUESTION_MAX_CHARS}),
    )
    email = forms.EmailField(
        label="Your e-mail (optional, to hear when it is answered)",
        required=False,
        max_length=EMAIL_MAX_CHARS,
    )
    website = forms.CharField(required=False, label="Leave this empty")
