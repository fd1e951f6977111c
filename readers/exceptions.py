class ReadersError(Exception):
    """A refusal with a message a reader or an editor can act on."""


class SubmissionRefused(ReadersError):
    """A reader's report or question was not accepted (bad input, too many, a bot)."""


class TriageRefused(ReadersError):
    """A triage step that does not apply (wrong state, wrong role)."""
