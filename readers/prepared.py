"""Read queries of the public pages, written with the ORM and compiled to SQL once.

Turning a queryset into SQL costs the ORM far more than the database takes to run the
small indexed queries of a public page (0.2–1 ms of Python against a few hundredths of a
millisecond in SQLite or PostgreSQL), and an uncached article page needs four of them.
A ``Prepared`` query is still written with the ORM, once, in a function of named values;
what is kept is the SQL it compiles to, run again with each call's values.

How it stays correct:

- The build function returns a ``.values()`` queryset; rows come back as dicts, through
  Django's own converters for the columns (time zones, JSON), exactly as the ORM returns
  them, and through the connection's cursor, so query logging and counting see them.
  (The compiler kept for its converters belongs to the connection that compiled; only
  its backend operations are used afterwards, never its cursor.)
- Values are strings or integers, passed as stand-ins when compiling; each call puts its
  values where the stand-ins were. The query is compiled twice, with different stand-ins:
  if anything else differs (the build read the clock, say) it is refused, since it would
  be compiled in for good. A value that does not reach the SQL as a parameter unchanged
  (``icontains`` wraps it in ``%``) is refused too.
- The build must depend on nothing but its arguments: settings-dependent choices are made
  by the caller (see ``readers.selectors``), never inside it.
- On PostgreSQL the SQL is also planned once per connection (``_cursor``): a server-side
  prepared statement, when ``DATABASE_PREPARED_STATEMENTS`` is on.
- It leans on two ORM internals (``QuerySet._iterable_class``, ``SQLCompiler.get_converters``
  and ``apply_converters``): ``tests/readers/test_prepared.py`` fails loudly when Django's
  minor version changes, and the setting ``READERS_PREPARED_QUERIES = False`` runs every
  prepared query through the ORM (what ``bench/public_pages.py --compare-prepared``
  measures against).
- Whatever changes the SQL's shape (LIMIT and OFFSET are compiled in, not parameters) is a
  positional ``shape`` argument: each shape is compiled once; past ``MAX_SHAPES`` per query
  further shapes run through the ORM as usual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

MAX_SHAPES = 64


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]  # (position in params, value name)
    names: tuple[str, ...]
    compiler: object
    converters: dict


def _stand_in(kind: type, name: str, round_: int, index: int):
    if kind is int:
        return -(10**15) - round_ * 1000 - index
    if kind is str:
        return f"\x1eprepared:{name}:{round_}\x1e"
    raise ImproperlyConfigured(f"Prepared values are str or int, not {kind.__name__}.")


def _cursor(connection):
    """Django's cursor, one that binds values on the server where PostgreSQL can prepare.

    Django's PostgreSQL cursors put the values into the SQL text (client-side binding),
    so every query is parsed and planned again; planning a page's four queries costs
    PostgreSQL about 1 ms, five times what running them does. A cursor that binds on the
    server sends the SQL with ``$1, $2`` and the values apart, and psycopg prepares a
    statement it has run before on the connection (``prepare_threshold``, set from
    ``DATABASE_PREPARED_STATEMENTS``): it is planned once per connection. It is still
    Django's cursor (``connection.cursor()``: time zones, query logging and counting, the
    execute wrappers), made while the connection's cursor class is swapped, which is
    safe because a connection belongs to one thread.
    """
    options = connection.settings_dict["OPTIONS"]
    if connection.vendor != "postgresql" or options.get("prepare_threshold") is None:
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    usual = raw.cursor_factory
    raw.cursor_factory = ServerBindingCursor
    try:
        return connection.cursor()
    finally:
        raw.cursor_factory = usual


class Prepared:
    """``Prepared(build, slug=str)``; ``query(*shape, slug="x")`` returns a list of dicts."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        self.build = build
        self.kinds = kinds
        self._plans: dict[tuple, _Plan] = {}
        self._lock = threading.Lock()

    def __call__(self, *shape, using: str = DEFAULT_DB_ALIAS, **values) -> list[dict]:
        if set(values) != set(self.kinds):
            raise TypeError(f"Expected values for {sorted(self.kinds)}, got {sorted(values)}.")
        if not settings.READERS_PREPARED_QUERIES:
            return list(self.build(*shape, **values).using(using))
        plan = self._plans.get((using, shape))
        if plan is None:
            with self._lock:
                if len(self._plans) >= MAX_SHAPES:
                    return list(self.build(*shape, **values).using(using))
                plan = self._plans.get((using, shape)) or self._compile(using, shape)
                self._plans[(using, shape)] = plan
        params = list(plan.params)
        for position, name in plan.slots:
            params[position] = values[name]
        with _cursor(connections[using]) as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.converters:
            rows = plan.compiler.apply_converters(rows, plan.converters)
        return [dict(zip(plan.names, row, strict=True)) for row in rows]

    def _compile_once(self, using: str, shape: tuple, round_: int):
        stand_ins = {
            name: _stand_in(kind, name, round_, i)
            for i, (name, kind) in enumerate(sorted(self.kinds.items()))
        }
        queryset = self.build(*shape, **stand_ins)
        if not isinstance(queryset, QuerySet) or queryset._iterable_class.__name__ != (
            "ValuesIterable"
        ):
            raise ImproperlyConfigured("A prepared query's build must return .values(...).")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        return sql, tuple(params), stand_ins, compiler

    def _compile(self, using: str, shape: tuple) -> _Plan:
        sql, params, first, compiler = self._compile_once(using, shape, 1)
        sql_2, params_2, second, _ = self._compile_once(using, shape, 2)
        if sql != sql_2 or len(params) != len(params_2):
            raise ImproperlyConfigured(f"{self.build.__qualname__} changes its SQL with values.")
        by_value = {value: name for name, value in first.items()}
        slots = []
        for position, (a, b) in enumerate(zip(params, params_2, strict=True)):
            name = by_value.get(a) if type(a) in (str, int) else None
            if name is not None and b == second[name]:
                slots.append((position, name))
            elif a != b:
                wrapped = [n for n, v in first.items() if isinstance(v, str) and v in str(a)]
                if wrapped:
                    raise ImproperlyConfigured(
                        f"{self.build.__qualname__}: {wrapped} do not reach the SQL as plain "
                        "parameters; prepare only exact comparisons."
                    )
                raise ImproperlyConfigured(
                    f"{self.build.__qualname__} compiles to different SQL parameters from one "
                    "call to the next (does it read the clock?): it cannot be prepared."
                )
        missing = set(self.kinds) - {name for _, name in slots}
        if missing:
            raise ImproperlyConfigured(
                f"{self.build.__qualname__}: {sorted(missing)} do not reach the SQL as plain "
                "parameters; prepare only exact comparisons."
            )
        selected = compiler.select[: compiler.col_count]
        names = tuple(alias for _expr, _sql, alias in selected)
        # Django's own conversions of each column (time zones, JSON…), found once.
        converters = compiler.get_converters([expr for expr, _sql, _alias in selected])
        return _Plan(sql, params, tuple(slots), names, compiler, converters)
