"""``load_demo`` (run by ``make run``) loads quietly and ends with the logins and URLs."""

import io
import logging

from django.core.management import call_command


def test_the_demo_loads_quietly_and_ends_with_logins_and_urls(db, settings, capsys, caplog):
    # The laptop's settings: emails to the console, Celery's in-memory broker.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    with caplog.at_level(logging.INFO):
        call_command("load_demo", stdout=out)
    printed = capsys.readouterr()
    everything = out.getvalue() + printed.out + printed.err + caplog.text
    assert "Subject:" not in everything  # no notification email dumped
    assert "No hostname was supplied" not in everything
    assert "succeeded in" not in everything  # no per-task log lines
    lines = out.getvalue().strip().splitlines()
    assert len(lines) < 20
    assert "  drroe    / drroe-demo     Advisory Board" in lines
    assert lines[-4:] == [
        "  http://127.0.0.1:8000/             the public site (what readers see)",
        "  http://127.0.0.1:8000/admin/login/ sign in: each role lands on its own page",
        "  http://127.0.0.1:8000/editorial/   the editorial workspace (dashboard, reviews)",
        "  http://127.0.0.1:8000/admin/       the admin",
    ]
