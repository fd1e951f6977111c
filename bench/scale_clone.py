"""Bulk copies of service-made rows: every row a template left in every table, per copy.

``Group`` reads a template's rows (the article, or reference, and every row pointing at
it: history, state changes, published versions, assignments, events, citations,
notifications), and ``Group.copy`` returns the rows of one copy: new primary keys, keys
into the group renumbered, people, board members and references swapped for the copy's,
dates moved back by the copy's age, placeholder words replaced in every text and JSON
value, and the content hashes, fingerprints and approval references recomputed for the
new text. ``compare`` checks a copy against the same article made through the services,
field for field.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models

FIXED_KINDS = ("pk", "group", "history")


def _meta(model) -> list[tuple[str, str, str | None]]:
    """(column, kind, target table) for each concrete column of ``model``."""
    out = []
    for field in model._meta.concrete_fields:
        if isinstance(field, SearchVectorField):
            continue  # written by the database (a trigger), for copies as for the rest
        target = None
        if field.primary_key:
            kind = "pk"
        elif field.is_relation:
            kind, target = "fk", field.related_model._meta.db_table
        elif field.column == "history_id" or (
            field.column == "id" and hasattr(model, "instance_type")
        ):
            kind = "history" if field.column == "history_id" else "fk"
            target = (
                "articles_historicalarticle"
                if field.column == "history_id"
                else model.instance_type._meta.db_table
            )
        elif isinstance(field, models.JSONField):
            kind = "json"
        elif isinstance(field, models.DateTimeField):
            kind = "dt"
        elif isinstance(field, models.DateField):
            kind = "date"
        elif isinstance(field, models.CharField | models.TextField):
            kind = "str"
        else:
            kind = "value"
        out.append((field.column, kind, target))
    return out


def _rows(model, column: str, ids: list[int]) -> list[dict]:
    """The rows as the ORM reads them (dates and JSON converted), keyed by column."""
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, SearchVectorField)]
    attname = next(f.attname for f in fields if f.column == column)
    rows = (
        model._base_manager.filter(**{f"{attname}__in": ids})
        .order_by(model._meta.pk.attname)
        .values(*[f.attname for f in fields])
    )
    return [{f.column: row[f.attname] for f in fields} for row in rows]


# Apps whose rows come later in an article's life (reader reports, stale flags): seeded
# on their own, never part of a template.
LATER = {"readers", "freshness"}


def group_models(root) -> list:
    """The root model and every model holding rows that point at it, parents first."""
    out = [root]
    history = getattr(root, "history", None)
    if history is not None:
        out.append(history.model)
    for model in apps.get_models():
        if model in out or hasattr(model, "instance_type") or model._meta.app_label in LATER:
            continue
        if any(
            f.is_relation and f.many_to_one and f.related_model is root
            for f in model._meta.concrete_fields
        ):
            out.append(model)
    ordered, pending = [], list(out)
    while pending:  # parents before children (within the group)
        for model in pending:
            parents = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model in pending and f.related_model is not model
            }
            if not parents - {model}:
                ordered.append(model)
                pending.remove(model)
                break
        else:
            ordered += pending
            break
    return ordered


def content_hash(row: dict, references: dict[str, dict]) -> str:
    """``articles.substance.content_hash_of`` for a history row, references given by key."""
    from articles.models import SUBSTANCE_FIELDS
    from references.markers import cited_keys

    cited = [
        {
            "key": k,
            "doi": references[k]["doi"],
            "pmid": references[k]["pmid"],
            "text": references[k]["text"],
        }
        for k in cited_keys(row["body"])
        if k in references
    ]
    return hash_of({name: row[name] for name in SUBSTANCE_FIELDS}, cited)


def hash_of(substance: dict, cited: list[dict]) -> str:
    canonical = json.dumps(
        {**substance, "references.cited": cited}, sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class Group:
    """A template's rows across the tables of its group, ready to copy."""

    def __init__(self, root, template_id: int):
        self.models = group_models(root)
        self.tables = [m._meta.db_table for m in self.models]
        self.meta = {m._meta.db_table: _meta(m) for m in self.models}
        self.pk = {m._meta.db_table: m._meta.pk.column for m in self.models}
        self.rows: dict[str, list[dict]] = {}
        self._json: dict[tuple, str] = {}
        root_table = root._meta.db_table
        for model in self.models:
            table = model._meta.db_table
            if table == root_table:
                column = self.pk[table]
            else:
                column = next(
                    c
                    for c, kind, target in self.meta[table]
                    if kind == "fk" and target == root_table
                )
            self.rows[table] = _rows(model, column, [template_id])

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))

    def strings(self) -> list[str]:
        """Every distinct text value of the group (to find what a copy must replace)."""
        return [
            json.dumps(row[c]) if kind == "json" else row[c]
            for table in self.tables
            for row in self.rows[table]
            for c, kind, _ in self.meta[table]
            if kind in ("str", "json") and row[c]
        ]

    def copy(self, *, next_ids: dict[str, int], swap: dict[str, dict], shift: timedelta, words):
        """The rows of one copy, table by table.

        ``next_ids``: the next primary key per table (advanced here). ``swap``: old → new
        ids of rows outside the group, by table (users, board members, references).
        ``words``: a function replacing the placeholders in a string.
        """
        new_ids: dict[tuple[str, int], int] = {}
        for table in self.tables:
            for row in self.rows[table]:
                new_ids[(table, row[self.pk[table]])] = next_ids[table]
                next_ids[table] += 1
        out = {}
        for table in self.tables:
            copies = []
            for row in self.rows[table]:
                new = {}
                for column, kind, target in self.meta[table]:
                    value = row[column]
                    if value is None:
                        new[column] = None
                    elif kind == "pk":
                        new[column] = new_ids[(table, value)]
                    elif kind in ("fk", "history"):
                        if (target, value) in new_ids:
                            new[column] = new_ids[(target, value)]
                        else:
                            new[column] = swap.get(target, {}).get(value, value)
                    elif kind == "dt" or kind == "date":
                        new[column] = value - shift if isinstance(value, datetime | date) else value
                    elif kind == "json":
                        key = (table, id(row), column)
                        if key not in self._json:
                            self._json[key] = json.dumps(value, ensure_ascii=False)
                        text = json.loads(words(self._json[key]))
                        new[column] = _walk(text, lambda k, v: _moved(k, v, new_ids, swap, shift))
                    elif kind == "str":
                        new[column] = words(value)
                    else:
                        new[column] = value
                copies.append(new)
            out[table] = copies
        return out


# Keys inside JSON values (a published version's reviewers) that hold ids or times.
JSON_IDS = {"history_id": "articles_historicalarticle", "member_id": "review_boardmember"}
_ISO = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?)?$")


_APPROVAL = re.compile(r"MAB-\d{4}-\d+")
_ARTICLE_LINK = re.compile(r"/articles/\d+/")
# Signed or random tokens in e-mails (one-touch review links, unsubscribe links): each
# names its own person and is never equal between a copy and a service-made article. The
# copies' e-mails are history (sent long ago), so their links are not meant to work.
_TOKEN_LINK = re.compile(r"/(links|unsubscribe)/[^/\s]+/")


def _masked(text: str) -> str:
    text = _TOKEN_LINK.sub(r"/\1/<token>/", text)
    return _ARTICLE_LINK.sub("/articles/<id>/", _APPROVAL.sub("MAB-…", text))


def _walk(value, leaf):
    if isinstance(value, dict):
        return {
            k: leaf(k, v) if not isinstance(v, dict | list) else _walk(v, leaf)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_walk(v, leaf) if isinstance(v, dict | list) else leaf(None, v) for v in value]
    return value


def _moved(key, value, new_ids, swap, shift):
    if key in JSON_IDS and isinstance(value, int):
        target = JSON_IDS[key]
        return new_ids.get((target, value), swap.get(target, {}).get(value, value))
    if isinstance(value, str) and _ISO.match(value):
        if "T" in value:
            return (datetime.fromisoformat(value) - shift).isoformat()
        return (date.fromisoformat(value) - shift).isoformat()
    return value


class Words:
    """Replaces many exact strings at once (longest first), e.g. placeholders and hashes."""

    def __init__(self, keys):
        keys = sorted(set(keys), key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(k) for k in keys)) if keys else None
        self.parts: dict[str, tuple] = {}  # a template string split at the keys, once

    def split(self, text: str) -> tuple:
        found = self.parts.get(text)
        if found is None:
            found, at = [], 0
            for match in self.pattern.finditer(text) if self.pattern else ():
                found += [text[at : match.start()], match.group(0)]
                at = match.end()
            found = self.parts[text] = (*found, text[at:])
        return found

    def __call__(self, values: dict[str, str]):
        def replace(text: str) -> str:
            if not text:
                return text
            parts = self.split(text)
            if len(parts) == 1:
                return text
            return "".join(
                part if n % 2 == 0 else values.get(part, part) for n, part in enumerate(parts)
            )

        return replace


def insert(table: str, rows: list[dict]) -> None:
    """Write rows in bulk: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    columns = list(rows[0])
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            names = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # noqa: S608
                for row in rows:
                    copy.write_row(
                        [
                            json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                            for v in (row[c] for c in columns)
                        ]
                    )
        return

    def plain(value):
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, datetime):  # stored as naive UTC, as Django writes them
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(value, date):
            return value.isoformat()
        return value

    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
            [[plain(row[c]) for c in columns] for row in rows],
        )


def next_ids(tables) -> dict[str, int]:
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            pk = "history_id" if "historical" in table else "id"
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) + 1 FROM {table}")  # noqa: S608
            out[table] = cursor.fetchone()[0]
    return out


def reset_sequences(tables) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id written
    with connection.cursor() as cursor:
        for table in tables:
            pk = "history_id" if "historical" in table else "id"
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'), "  # noqa: S608
                f"(SELECT COALESCE(MAX({pk}), 1) FROM {table}))"
            )


def compare(group: Group, made: Group, copied: dict[str, list[dict]]) -> list[str]:
    """Differences between a copy and the same article made through the services.

    Every column is compared except primary keys, keys into the group (compared by
    position: the same assignment, the same history row), dates (a copy is dated in the
    past) and approval references (numbered in sequence). Returns one line per
    difference; empty when the copy is exact.
    """

    def positions(rows_by_table):
        return {
            (table, row[group.pk[table]]): n
            for table, rows in rows_by_table.items()
            for n, row in enumerate(rows)
        }

    mine_at, theirs_at = positions(copied), positions(made.rows)
    problems = []
    for table in group.tables:
        mine, theirs = copied[table], made.rows[table]
        if len(mine) != len(theirs):
            problems.append(f"{table}: {len(mine)} rows copied, {len(theirs)} made")
            continue

        def plain_key(row, at, table=table):
            return repr(
                [
                    _walk(row[c], lambda k, v: _plain(k, v, at)) if kind == "json" else row[c]
                    for c, kind, _ in group.meta[table]
                    if kind in ("str", "json", "value")
                ]
            )

        if table == "references_citation":  # written in no particular order
            mine = sorted(mine, key=lambda r: plain_key(r, mine_at))
            theirs = sorted(theirs, key=lambda r: plain_key(r, theirs_at))
        for n, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            for column, kind, target in group.meta[table]:
                left, right = a[column], b[column]
                if kind == "pk":
                    continue
                if kind in ("fk", "history") and target in group.tables:
                    if mine_at.get((target, left)) != theirs_at.get((target, right)):
                        problems.append(f"{table}[{n}].{column}: points at another row")
                    continue
                if kind in ("dt", "date") or column == "approval_reference":
                    if (left is None) != (right is None):
                        problems.append(f"{table}[{n}].{column}: set in one only")
                    continue
                if kind == "json":
                    left = json.dumps(
                        _walk(left, lambda k, v: _plain(k, v, mine_at)), sort_keys=True
                    )
                    right = json.dumps(
                        _walk(right, lambda k, v: _plain(k, v, theirs_at)), sort_keys=True
                    )
                if kind == "str":  # approval references are numbered in sequence; ids differ
                    left, right = _masked(left), _masked(right)
                if left != right:
                    problems.append(f"{table}[{n}].{column}: copy {left!r} != made {right!r}")
    return problems


def _plain(key, value, at):
    """A JSON leaf as compared: times left out, ids into the group by position."""
    if key in JSON_IDS and isinstance(value, int):
        return ("at", at.get((JSON_IDS[key], value), value))
    if isinstance(value, str) and _ISO.match(value):
        return "<time>"
    return value
