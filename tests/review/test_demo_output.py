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
    assert len(lines) < 30
    assert "  drroe    / drroe-demo     Advisory Board" in lines
    # The board and admins sign in with a code too: the demo names their keys.
    keys = [line.split()[0] for line in lines if " key " in line]
    assert keys == ["admin", "drroe", "drsmith"]
    assert "  .venv/bin/python manage.py demo_code USERNAME" in lines
    assert lines[-4:] == [
        "  http://127.0.0.1:8000/             the public site (what readers see)",
        "  http://127.0.0.1:8000/admin/login/ sign in: each role lands on its own page",
        "  http://127.0.0.1:8000/editorial/   the editorial workspace (dashboard, reviews)",
        "  http://127.0.0.1:8000/admin/       the admin",
    ]


def test_a_demo_board_member_signs_in_with_the_demo_code(db, client):
    """The README's way in: password, then the code ``demo_code`` prints."""
    from django.urls import reverse

    call_command("load_demo", stdout=io.StringIO())
    client.post(reverse("admin:login"), {"username": "drroe", "password": "drroe-demo"})
    assert client.get(reverse("review:my_reviews"))["Location"].startswith("/accounts/two-step/")
    code = io.StringIO()
    call_command("demo_code", "drroe", stdout=code)
    response = client.post(reverse("accounts:verify"), {"code": code.getvalue().strip()})
    assert response.status_code == 302
    assert client.get(reverse("review:my_reviews")).status_code == 200


def test_demo_code_refuses_an_account_without_the_demo_key(db):
    import pytest
    from django.core.management.base import CommandError

    from tests.accounts.signing_in import authenticator
    from tests.articles.factories import UserFactory

    authenticator(UserFactory(username="drreal", role="Advisory Board"))
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_code", "drreal", stdout=io.StringIO())
