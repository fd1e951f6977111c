"""Readers: "Which best describes you?", the article history, corrections, old versions,
the withdrawn page, embargoes and the expiry banner."""

import datetime as dt
import json
import re

import time_machine
from django.urls import reverse

from articles import services as article_services
from tests.readers.helpers import approve, approved_article, choose

T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
PLAIN = "Plain words: the muscle is infected, and medicine helps.\n"


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def _with_plain_version(editor, board_member):
    return approved_article(
        editor, board_member, alt_summary="Medicine, sometimes a small operation.", alt_body=PLAIN
    )


def _revise(article, editor, board_member, *, kind, note, body_extra="\nMore.\n"):
    article_services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    article_services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version,
        body=article.body + body_extra,
    )  # fmt: skip
    article.refresh_from_db()
    article = article_services.article_submit(
        article=article, actor=editor, change_kind=kind, change_note=note
    )
    approve(article, board_member)
    return article


# --- audience versions ------------------------------------------------------------------


def test_without_a_choice_the_main_text_is_shown_and_labelled(client, editor, board_member):
    article = _with_plain_version(editor, board_member)
    html = client.get(article.get_absolute_url()).text
    assert "This version is written for healthcare professionals." in html
    assert "Paragraph 1 says something" in html and PLAIN.strip() not in html
    assert "Read the version for patients and caregivers" in html
    assert "Which best describes you?" in html


def test_a_reader_who_chooses_patient_gets_the_plain_text_and_the_cached_pages_differ(
    client, editor, board_member
):
    article = _with_plain_version(editor, board_member)
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"  # the clinician page, now cached

    response = choose(client, "patient", next=url)
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies["audience"].value == "patient"

    page = client.get(url)
    html = page.text
    assert page["X-Page-Cache"] == "miss"  # not the clinician page from the cache
    assert "Cookie" in page["Vary"]
    assert PLAIN.strip() in html and "Paragraph 1 says something" not in html
    assert "Medicine, sometimes a small operation." in html
    assert "This version is written for patients and caregivers (plain language)." in html
    assert _jsonld(html)["audience"]["audienceType"] == "Patient"
    assert 'aria-current="true" class="chosen">Patient or caregiver' in html
    # References are shared: the same list under both texts.
    assert 'id="ref-1"' in html

    cached = client.get(url)
    assert cached["X-Page-Cache"] == "hit" and PLAIN.strip() in cached.text


def test_a_missing_version_falls_back_to_the_other_with_a_note(client, editor, board_member):
    article = approved_article(editor, board_member)  # clinician text only
    client.cookies["audience"] = "patient"
    html = client.get(article.get_absolute_url()).text
    assert "Paragraph 1 says something" in html
    assert (
        "There is no version of this article written for patients and caregivers (plain "
        "language) yet: this is the version written for healthcare professionals." in html
    )
    assert _jsonld(html)["audience"]["audienceType"] == "Clinician"


def test_the_choice_cannot_redirect_elsewhere_and_unknown_audiences_are_404(client, db):
    response = choose(client, "clinician", next="https://evil.example/")
    assert response["Location"] == reverse("readers:home")
    assert choose(client, "robot").status_code == 404
    assert "audience" not in client.get(reverse("readers:home")).cookies


# --- the public record -------------------------------------------------------------------


def test_article_history_lists_versions_with_their_notes(client, editor, board_member):
    with time_machine.travel(T0, tick=False):
        article = approved_article(editor, board_member)
    with time_machine.travel(T0 + dt.timedelta(days=40), tick=False):
        article = _revise(
            article, editor, board_member, kind="update", note="New 2026 guideline added."
        )
        html = client.get(article.get_absolute_url()).text
    assert "Article history" in html
    assert "April 11, 2026</time> — <strong>Update</strong>: New 2026 guideline added." in html
    assert "March 2, 2026</time> — <strong>First published</strong>" in html
    assert "Correction," not in html


def test_a_correction_is_announced_at_the_top_for_the_notice_period(
    client, editor, board_member, settings
):
    settings.READERS_CORRECTION_NOTICE_DAYS = 30
    with time_machine.travel(T0, tick=False):
        article = approved_article(editor, board_member)
        article = _revise(
            article, editor, board_member, kind="correction", note="The dose is 5 mg, not 50 mg."
        )
    with time_machine.travel(T0 + dt.timedelta(days=29), tick=False):
        html = client.get(article.get_absolute_url()).text
    assert "Correction, March 2, 2026:</strong> The dose is 5 mg, not 50 mg." in html
    assert html.index("correction-notice") < html.index("<h1>")
    client.cookies.clear()
    from django.core.cache import cache  # noqa: PLC0415 - the page cache, not the notice

    cache.clear()
    with time_machine.travel(T0 + dt.timedelta(days=31), tick=False):
        html = client.get(article.get_absolute_url()).text
    assert "correction-notice" not in html
    assert "<strong>Correction</strong>: The dose is 5 mg, not 50 mg." in html  # in history


def test_an_earlier_version_is_readable_marked_superseded_with_a_link_to_the_current(
    client, editor, board_member
):
    article = approved_article(editor, board_member)
    first = article.published_versions.get()
    article = _revise(article, editor, board_member, kind="update", note="Newer evidence.")
    current = article.published_versions.first()

    page = client.get(article.get_absolute_url()).text
    old_url = reverse("readers:article_version", args=[article.slug, first.approval_reference])
    assert f'href="{old_url}"' in page

    response = client.get(old_url)
    html = response.text
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert "Superseded version." in html and first.approval_reference in html
    assert f"read the current version ({current.approval_reference})" in html
    assert "More." not in html  # the old text, not the new one
    assert "Report a problem" not in html  # read-only
    # The current version has no separate page; an unknown reference is not found.
    current_url = reverse(
        "readers:article_version", args=[article.slug, current.approval_reference]
    )
    assert client.get(current_url).status_code == 404
    assert (
        client.get(reverse("readers:article_version", args=[article.slug, "MAB-1"])).status_code
        == 404
    )


def test_the_withdrawn_page_says_when_and_why(client, editor, board_member, admin_user):
    article = approved_article(editor, board_member)
    with time_machine.travel(T0, tick=False):
        article_services.article_archive(
            article=article, actor=admin_user, comment="Replaced by a newer article."
        )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "Withdrawn on <time" in response.text
    assert "March 2, 2026</time>. Why: Replaced by a newer article." in response.text


# --- scheduled publishing and expiry -----------------------------------------------------


def test_an_embargoed_first_version_is_not_public_until_released(
    client, editor, board_member, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        article = article_services.article_create(
            actor=editor,
            title="What is embargoed?",
            body="Embargoed text.\n",
            release_at=T0 + dt.timedelta(days=1),
        )
        article_services.article_submit(article=article, actor=editor)
        approve(article, board_member)
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "What is embargoed?" not in client.get(reverse("readers:home")).text
        member_page = reverse("readers:board_member", args=[board_member.board_member.pk])
        assert "What is embargoed?" not in client.get(member_page).text
        sitemap = reverse("readers:sitemap_section", args=["articles"])
        assert "embargoed" not in client.get(sitemap).text
    with time_machine.travel(T0 + dt.timedelta(days=1, minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # the cache is bumped
            article_services.publishing_schedule_run()
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "What is embargoed?" in client.get(reverse("readers:home")).text
        assert "What is embargoed?" in client.get(member_page).text


def test_an_embargoed_revision_keeps_the_old_version_live_until_released(
    client, editor, board_member, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        article = approved_article(editor, board_member)
        article_services.article_revise(article=article, actor=editor)
        article.refresh_from_db()
        article_services.article_update(
            article=article, actor=editor, expected_lock_version=article.lock_version,
            body=article.body + "\nEmbargoed sentence.\n", change_kind="update",
            change_note="Embargoed update.", release_at=T0 + dt.timedelta(hours=3),
        )  # fmt: skip
        article.refresh_from_db()
        article_services.article_submit(article=article, actor=editor)
        approve(article, board_member)
        assert "Embargoed sentence." not in client.get(article.get_absolute_url()).text
    with time_machine.travel(T0 + dt.timedelta(hours=2, minutes=59), tick=False):
        cached = client.get(article.get_absolute_url())
        assert "Embargoed sentence." not in cached.text
    with time_machine.travel(T0 + dt.timedelta(hours=3, minutes=1), tick=False):
        assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            article_services.publishing_schedule_run()
        html = client.get(article.get_absolute_url()).text  # the cache was bumped
    assert "Embargoed sentence." in html and "Embargoed update." in html


def test_an_expired_article_shows_the_under_review_banner(
    client, editor, board_member, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        article = approved_article(editor, board_member)
        article_services.article_update(
            article=article, actor=editor, expected_lock_version=article.lock_version,
            expires_at=T0 + dt.timedelta(days=10),
        )  # fmt: skip
        assert "expired-banner" not in client.get(article.get_absolute_url()).text
    with time_machine.travel(T0 + dt.timedelta(days=10, minutes=-1), tick=False):
        assert "expired-banner" not in client.get(article.get_absolute_url()).text
    with time_machine.travel(T0 + dt.timedelta(days=10, minutes=1), tick=False):
        assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            article_services.publishing_schedule_run()
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    # Says what is true: nothing has started a review, so the banner promises none.
    assert (
        "<strong>Past its expiry date</strong> • this article expired on March 12, 2026 and "
        "has not been reviewed again since."
    ) in response.text
    assert "being reviewed again" not in response.text


def test_while_an_embargoed_revision_waits_readers_see_the_live_versions_review_dates(
    client, editor, board_member
):
    with time_machine.travel(T0, tick=False):  # first approval: March 2, 2026
        article = approved_article(editor, board_member, title="What is reviewed when?")
    with time_machine.travel(T0 + dt.timedelta(days=5), tick=False):  # approved March 7
        article_services.article_revise(article=article, actor=editor)
        article.refresh_from_db()
        article_services.article_update(
            article=article, actor=editor, expected_lock_version=article.lock_version,
            body=article.body + "\nEmbargoed sentence.\n", change_kind="update",
            change_note="Embargoed update.", release_at=T0 + dt.timedelta(days=10),
        )  # fmt: skip
        article.refresh_from_db()
        article_services.article_submit(article=article, actor=editor)
        approve(article, board_member)
    with time_machine.travel(T0 + dt.timedelta(days=6), tick=False):
        html = client.get(article.get_absolute_url()).text
        home = client.get(reverse("readers:home")).text
    assert "Embargoed sentence." not in html
    assert "March 7, 2026" not in html and "March 7, 2026" not in home
    assert _jsonld(html)["lastReviewed"].startswith("2026-03-02T")
    assert 'Reviewed <time datetime="2026-03-02' in home
    # Next review: the live review plus the interval (36 months), not the hidden one's.
    assert "March 2, 2029" in html and "March 7, 2029" not in html


def test_a_missed_release_is_dated_when_readers_first_saw_it(
    client, editor, board_member, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        article = article_services.article_create(
            actor=editor,
            title="What went live late?",
            body="Late text.\n",
            release_at=T0 + dt.timedelta(hours=3),
        )
        article_services.article_submit(article=article, actor=editor)
        approve(article, board_member)
    # The scheduler was down: the release runs two days after it was due.
    with time_machine.travel(T0 + dt.timedelta(days=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert article_services.publishing_schedule_run()["late"] == 1
        html = client.get(article.get_absolute_url()).text
    history = html[html.index('id="history-h"') :]
    assert "March 4, 2026" in history
    assert "March 2, 2026" not in history


def test_a_pending_article_honours_the_readers_choice_of_audience(client, editor):
    article = article_services.article_create(
        actor=editor,
        title="What is pending in plain words?",
        body="Clinician text for the pending article.\n",
        alt_summary="Plain summary.",
        alt_body=PLAIN,
    )
    article_services.article_submit(article=article, actor=editor)
    url = article.get_absolute_url()
    main = client.get(url).text
    assert "Clinician text for the pending article." in main
    assert "Read the version for patients and caregivers" in main
    client.cookies["audience"] = "patient"
    html = client.get(url).text
    assert PLAIN.strip() in html and "Clinician text for the pending article." not in html
    assert "written for healthcare professionals" not in html
    assert _jsonld(html)["audience"]["audienceType"] == "Patient"
