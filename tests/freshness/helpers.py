"""Helpers for the stale-content tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from articles import services as article_services
from freshness.models import StaleFlag
from freshness.scan import stale_scan
from references import services as reference_services
from tests.articles.factories import approve_through_board
from tests.references.factories import librarian


def at(day: str):
    """Travel to noon UTC of ``day`` ("2026-03-01"), the clock stopped."""
    moment = datetime.fromisoformat(day).replace(hour=12, tzinfo=ZoneInfo("UTC"))
    return time_machine.travel(moment, tick=False)


def scan_on(day: str):
    with at(day):
        return stale_scan()


def open_flags(reason: str) -> list[StaleFlag]:
    return list(StaleFlag.objects.open().filter(reason=reason).order_by("pk"))


def all_flags(reason: str) -> list[StaleFlag]:
    return list(StaleFlag.objects.filter(reason=reason).order_by("pk"))


def record_status(reference, **status) -> None:
    reference_services.reference_status_record(reference=reference, **status)
    reference.refresh_from_db()


def edit_reference(reference, **changes):
    return reference_services.reference_update(reference=reference, actor=librarian(), **changes)


def reapprove(article, *, editor, board_user) -> None:
    """Revise, resubmit and approve again through the board (the cause is addressed)."""
    article.refresh_from_db()
    article_services.article_revise(article=article, actor=editor)
    article.refresh_from_db()
    article_services.article_submit(
        article=article, actor=editor, change_kind="update", change_note="Evidence updated."
    )
    approve_through_board(article, board_user)
    article.refresh_from_db()


def set_body(article, editor, body: str):
    article.refresh_from_db()
    return article_services.article_update(
        article=article, actor=editor, expected_lock_version=article.lock_version, body=body
    )


def draft_citing(editor, body: str):
    """A draft whose citation list follows its body (as the edit services keep it)."""
    from tests.articles.factories import ArticleFactory

    article = ArticleFactory(author=editor, body=body)
    reference_services.citations_sync(article=article)
    return article
