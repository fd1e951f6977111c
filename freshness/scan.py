"""The stale-content scan: every rule, for the whole table, in a handful of SQL statements.

For each reason (``freshness.selectors.candidates`` gives the pairs that should be open):

1. ``CREATE TEMPORARY TABLE candidates AS SELECT …``: the rule's pairs, computed once;
2. ``INSERT INTO flags SELECT … FROM candidates WHERE NOT EXISTS (open flag, or a
   dismissed flag with the same cause) ON CONFLICT DO NOTHING`` raises what is missing;
3. one ``INSERT INTO history SELECT`` records those new flags;
4. ``UPDATE flags SET resolved… WHERE open AND NOT EXISTS (the pair in candidates)``
   resolves what no longer holds (the cause went away: approved again, citation removed,
   status corrected, assignment decided);
5. one ``INSERT INTO history SELECT`` records those resolutions; the table is dropped.

So the number of statements is a handful per reason, whatever the number of articles.
Concurrency: the partial unique index (one open flag per article, reason, subject) with
``ON CONFLICT DO NOTHING`` means no run, however repeated or concurrent, duplicates a flag;
on PostgreSQL a transaction-scoped advisory lock also makes concurrent scans take turns, so
they do not wait on each other's rows one by one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from .models import Reason, Resolution, StaleFlag
from .policy import POLICIES
from .selectors import candidates

logger = logging.getLogger(__name__)

ADVISORY_LOCK_KEY = 808_001  # any constant shared by every scan
RAISED = "flag.raise: scan"
RESOLVED = "flag.resolve: the cause went away"


@dataclass
class ScanResult:
    raised: dict[str, int] = field(default_factory=dict)
    resolved: dict[str, int] = field(default_factory=dict)

    @property
    def total_raised(self) -> int:
        return sum(self.raised.values())

    @property
    def total_resolved(self) -> int:
        return sum(self.resolved.values())

    def __str__(self) -> str:
        return f"{self.total_raised} flag(s) raised, {self.total_resolved} resolved"


def _sql(qs) -> tuple[str, tuple]:
    return qs.query.get_compiler(connection=connection).as_sql()


def _history_copy(cursor, *, where: str, params: list, reason: str, kind: str, stamp) -> None:
    history = StaleFlag.history.model
    table = StaleFlag._meta.db_table
    columns = [f.column for f in StaleFlag._meta.concrete_fields]
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    cursor.execute(
        f"INSERT INTO {history._meta.db_table} ({cols}, history_date, "  # noqa: S608
        f"history_change_reason, history_type, history_user_id) "
        f"SELECT {cols}, %s, %s, %s, NULL FROM {table} WHERE {where}",
        [stamp, reason, kind, *params],
    )


CANDIDATES = "freshness_scan_candidates"  # a temporary table, one reason at a time


def _scan_reason(cursor, reason: str, *, today: date, now) -> tuple[int, int]:
    table = StaleFlag._meta.db_table
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    policy = POLICIES[reason]
    # The candidates are computed once, into a temporary table that both the raising and
    # the resolving statement read: a SELECT may run in parallel on PostgreSQL, an INSERT
    # or UPDATE with the same SELECT inside may not, and the rules' queries are the costly
    # part (citations by the million).
    sql, params = _sql(candidates(reason, today=today))
    cursor.execute(f"DROP TABLE IF EXISTS {CANDIDATES}")
    cursor.execute(f"CREATE TEMPORARY TABLE {CANDIDATES} AS {sql}", params)
    # No ANALYZE of it: the size PostgreSQL reads from the table's pages is enough for
    # the two anti-joins below, and statistics cost more than they save (measured). Its
    # index keeps the resolving anti-join a look-up per open flag even when the flags'
    # own statistics are out of date (just after a scan raised thousands, before the
    # table is analysed again, PostgreSQL takes it for nearly empty and would compare
    # every open flag with every candidate: 42 s instead of 0.5 at 100,000 articles).
    cursor.execute(f"CREATE INDEX {CANDIDATES}_key ON {CANDIDATES} (f_article, f_subject)")
    cursor.execute(
        f"INSERT INTO {table} (article_id, reason, subject_id, reference_id, assignment_id, "  # noqa: S608
        "cause, detail, severity, raised_at, respond_by, resolution, resolution_note) "
        "SELECT c.f_article, %s, c.f_subject, c.f_reference, c.f_assignment, c.f_cause, "
        f"c.f_detail, %s, %s, c.f_respond_by, '', '' FROM {CANDIDATES} c "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} f WHERE f.article_id = c.f_article "
        "AND f.reason = %s AND f.subject_id = c.f_subject AND (f.resolved_at IS NULL "
        "OR (f.resolution = %s AND f.cause = c.f_cause))) "
        "ORDER BY c.f_article, c.f_subject ON CONFLICT DO NOTHING",
        [reason, policy.severity, stamp, reason, Resolution.DISMISSED],
    )
    raised = max(cursor.rowcount, 0)
    if raised:
        _history_copy(
            cursor,
            where="reason = %s AND raised_at = %s AND resolved_at IS NULL",
            params=[reason, stamp],
            reason=RAISED,
            kind="+",
            stamp=stamp,
        )
    cursor.execute(
        f"UPDATE {table} SET resolved_at = %s, resolution = %s, resolution_note = %s "  # noqa: S608
        f"WHERE reason = %s AND resolved_at IS NULL AND NOT EXISTS (SELECT 1 FROM "
        f"{CANDIDATES} c WHERE c.f_article = {table}.article_id "
        f"AND c.f_subject = {table}.subject_id)",
        [stamp, Resolution.AUTOMATIC, "The cause went away.", reason],
    )
    resolved = max(cursor.rowcount, 0)
    if resolved:
        _history_copy(
            cursor,
            where="reason = %s AND resolved_at = %s AND resolution = %s",
            params=[reason, stamp, Resolution.AUTOMATIC],
            reason=RESOLVED,
            kind="~",
            stamp=stamp,
        )
    cursor.execute(f"DROP TABLE {CANDIDATES}")
    return raised, resolved


def take_turns(cursor) -> None:
    """PostgreSQL: concurrent scans run one after the other (released at commit)."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


@transaction.atomic
def stale_scan(*, today: date | None = None, reasons=None) -> ScanResult:
    """Raise the flags that hold today and resolve those that no longer do. Idempotent."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    result = ScanResult()
    with connection.cursor() as cursor:
        take_turns(cursor)
        for reason in reasons or Reason.values:
            raised, resolved = _scan_reason(cursor, reason, today=today, now=now)
            result.raised[reason], result.resolved[reason] = raised, resolved
    logger.info("Stale-content scan: %s", result)
    return result
