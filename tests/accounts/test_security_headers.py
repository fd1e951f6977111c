"""Every page sends a Content-Security-Policy that allows nothing inline and no framing,
plus Referrer-Policy, Permissions-Policy and Cross-Origin-Opener-Policy; the public and
editorial pages hold no inline script or style (the JSON-LD is data, not script)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from articles import services as article_services
from review import services as review_services
from tests.accounts.signing_in import StaffClient
from tests.readers.helpers import approved_article, clerk, member_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# A <script> that runs: one without src, unless its type marks it as data.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=|\son[a-z]+=\"|javascript:", re.I)


@pytest.fixture
def pages(editor, board_member, admin_user):
    """(label, client, url) of public, editorial and admin pages, with their content."""
    article = approved_article(editor, board_member)
    pending = article_services.article_create(actor=editor, title="Pending?", body="Text.")
    article_services.article_submit(article=pending, actor=editor)
    review_services.review_assign(article=pending, reviewer=member_for(board_member), actor=clerk())
    history = list(pending.history.order_by("history_id").values_list("history_id", flat=True))
    anonymous = StaffClient()
    staff = StaffClient()
    staff.force_login(admin_user)
    member = StaffClient()
    member.force_login(board_member)
    public = [
        reverse("readers:home"),
        article.get_absolute_url(),
        reverse("readers:report", args=[article.slug]),
        reverse("readers:ask", args=[article.slug]),
        reverse("readers:board"),
        reverse("readers:editorial_policy"),
        "/api/v1/docs",  # the content API's browsable docs (scripts from static files)
    ]
    editorial = [
        reverse("review:dashboard"),
        reverse("review:my_articles"),
        reverse("review:article", args=[pending.pk]),
        reverse("review:versions", args=[pending.pk]),
        reverse("review:diff", args=[pending.pk]) + f"?old={history[0]}&new={history[-1]}",
        reverse("review:preview", args=[pending.pk]),
        reverse("freshness:attention"),
        reverse("readers:inbox"),
    ]
    admin = [
        reverse("admin:index"),
        reverse("admin:articles_article_change", args=[pending.pk]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:accounts_accessevent_changelist"),
    ]
    return {
        "public": [(url, anonymous) for url in public],
        "editorial": [(url, staff) for url in editorial]
        + [
            (reverse("review:my_reviews"), member),
            (reverse("review:article", args=[pending.pk]), member),
        ],
        "admin": [(url, staff) for url in admin],
        "sign-in": [(reverse("admin:login"), StaffClient())],
    }


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("kind", ["public", "editorial", "admin", "sign-in"])
def test_every_page_sends_the_policy_and_the_other_headers(pages, kind):
    for url, client in pages[kind]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("kind", ["public", "editorial"])
def test_public_and_editorial_pages_hold_no_inline_script_or_style(pages, kind):
    for url, client in pages[kind]:
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.findall(html), (url, INLINE_SCRIPT.findall(html))
        assert not INLINE_STYLE.findall(html), (url, INLINE_STYLE.findall(html))


def test_the_json_ld_is_still_on_the_article_page(pages):
    url, client = pages["public"][1]
    html = client.get(url).content.decode()
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(data.group(1))["@type"] == "MedicalWebPage"


def test_the_two_step_pages_hold_no_inline_script_or_style(board_member):
    client = StaffClient()
    client.force_login(board_member, second_factor=False)
    html = client.get(reverse("accounts:enrol")).content.decode()
    assert "<svg" in html
    assert not INLINE_SCRIPT.findall(html) and not INLINE_STYLE.findall(html)


def _settings_in_a_fresh_process(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([getattr(s, 'CONTENT_SECURITY_POLICY', None) is not None, "
        "getattr(s, 'CONTENT_SECURITY_POLICY_REPORT_ONLY', None) is not None]))"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    enforced, report_only = json.loads(result.stdout.strip().splitlines()[-1])
    return {"enforced": enforced, "report_only": report_only}


def test_report_only_mode_is_a_setting():
    assert _settings_in_a_fresh_process() == {"enforced": True, "report_only": False}
    assert _settings_in_a_fresh_process(CSP_REPORT_ONLY="true") == {
        "enforced": False,
        "report_only": True,
    }


def test_in_report_only_mode_the_header_is_the_report_only_one(client, settings, db):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get(reverse("readers:home"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy-Report-Only"]
    assert "Content-Security-Policy" not in response
