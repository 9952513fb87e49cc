"""Inserting many rows fast: COPY on PostgreSQL, executemany on SQLite.

Django's ``bulk_create`` builds a model instance and prepares every value of every row
through the field API: about 50 µs a row, which makes a full SDN import (some 600,000 rows
with history and citations) take minutes. Here rows are plain dicts of column values, the
primary keys are reserved beforehand (so that children and citations can point at them
before anything is written), and each value goes through one converter chosen once per
column. History rows, which only repeat their records, are copied by the database itself
(``copy_to_history``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections import deque
from collections.abc import Callable

from django.db import connection, models

# Ids reserved per round trip (unused ones are gaps in the sequence, which nothing relies
# on): at 1,000 a full SDN import spent 3 s on round trips on PostgreSQL.
ID_BLOCK = 20_000
FIRST_ID_BLOCK = 1_000


def new_uids(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as 32 hex digits, which both databases take.

    ``uuid.uuid4()`` builds an object per UUID: a third of a second per 100,000.
    """
    data = bytearray(os.urandom(16 * n))
    data[6::16] = bytes((b & 0x0F) | 0x40 for b in data[6::16])  # version 4
    data[8::16] = bytes((b & 0x3F) | 0x80 for b in data[8::16])  # RFC 4122 variant
    text = data.hex()
    return [text[i : i + 32] for i in range(0, 32 * n, 32)]


class IdAllocator:
    """Hands out primary keys for a table; call inside the import's transaction.

    Ids are reserved from the database in blocks, as the table's own inserts would take
    them (PostgreSQL: its sequence; SQLite: the AUTOINCREMENT counter), so that a row that
    Django inserts meanwhile, in this transaction or after it, never gets one of them.
    """

    def __init__(self):
        self._blocks: dict[str, deque[int]] = {}
        self._sizes: dict[str, int] = {}
        self._reserve = _pg_reserve if connection.vendor == "postgresql" else _sqlite_reserve

    def take(self, model: type[models.Model], n: int = 1) -> list[int]:
        table = model._meta.db_table
        # Handed out in ascending order, so that COPY appends to the right of every index.
        block = self._blocks.setdefault(table, deque())
        if len(block) < n:
            # Blocks grow from 1,000 to ID_BLOCK: a small import leaves small gaps, a large
            # one makes few round trips.
            size = self._sizes.get(table, FIRST_ID_BLOCK)
            self._sizes[table] = min(size * 2, ID_BLOCK)
            block.extend(self._reserve(table, model._meta.pk.column, max(n - len(block), size)))
        return [block.popleft() for _ in range(n)]


def _sqlite_reserve(table: str, column: str, n: int) -> range:
    """The next ``n`` ids, with the table's AUTOINCREMENT counter moved past them."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"')
        highest = cursor.fetchone()[0]
        # AUTOINCREMENT remembers ids of deleted rows; never hand those out again.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, highest + n]
            )
        else:
            highest = max(highest, row[0])
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [highest + n, table]
            )
    return range(highest + 1, highest + n + 1)


def _pg_reserve(table: str, column: str, n: int) -> list[int]:
    """``n`` values of the column's sequence. The server sends them as runs of consecutive
    values (one, unless other sessions took values meanwhile): fetching 140,000 single
    rows cost the client a third of a second."""
    with connection.cursor() as cursor:
        # The sequence's name first: pg_get_serial_sequence() per value costs 2.4 µs each.
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [f'"{table}"', column])
        (sequence,) = cursor.fetchone()
        cursor.execute(
            "SELECT MIN(v), MAX(v) FROM ("
            "  SELECT v, v - ROW_NUMBER() OVER (ORDER BY v) AS run FROM ("
            "    SELECT nextval(%s::regclass) AS v FROM generate_series(1, %s)"
            "  ) AS taken"
            ") AS numbered GROUP BY run ORDER BY 1",
            [sequence, n],
        )
        runs = cursor.fetchall()
    ids = [i for low, high in runs for i in range(low, high + 1)]
    assert len(ids) == n, f"{table}: asked for {n} ids, got {len(ids)}"
    return ids


def _converter(field: models.Field) -> Callable | None:
    """What turns a column's Python values into what the driver takes; None: as they are."""
    internal = field.get_internal_type()
    sqlite = connection.vendor == "sqlite"
    if internal == "UUIDField" and sqlite:
        return lambda v: v.hex if isinstance(v, uuid.UUID) else v
    if internal == "DateTimeField":
        return lambda v: connection.ops.adapt_datetimefield_value(v) if v is not None else None
    if internal == "DateField" and sqlite:
        return lambda v: v.isoformat() if isinstance(v, dt.date) else v
    if internal == "JSONField":
        return lambda v: field.get_db_prep_save(v, connection)
    # Text (country codes included: rows give them as str), integers, keys, booleans (sqlite3
    # and psycopg take bool), dates on PostgreSQL: as they are.
    return None


def _column(field: models.Field, rows: list[dict]) -> list:
    """One column's values for every row, converted once per distinct value where it pays."""
    return _converted(field, _raw_column(field, rows))


def _raw_column(field: models.Field, rows: list[dict]) -> list:
    """One column's values for every row, as the rows give them (or the default)."""
    name = field.attname
    if field.has_default() and callable(field.default):
        return [row[name] if name in row else field.get_default() for row in rows]
    missing = field.get_default()  # "" for text, None where nullable: the same each time
    return [row.get(name, missing) for row in rows]


def _converted(field: models.Field, values: list) -> list:
    convert = _converter(field)
    if convert is None:
        return values
    internal = field.get_internal_type()
    if internal in ("DateTimeField", "DateField"):
        # Every row of an import shares a handful of timestamps: convert each once.
        converted = {v: convert(v) for v in set(values)}
        return [converted[v] for v in values]
    return [convert(v) for v in values]


def insert_rows(
    model: type[models.Model],
    rows: list[dict],
    batch_size: int = 5000,
    *,
    check: Callable[[models.Field, list], None] | None = None,
) -> None:
    """Insert ``rows`` (dicts keyed by column attname; missing columns get the defaults).

    Values are gathered column by column: one list comprehension per column costs a
    fraction of a Python call per value. ``check(field, values)``, if given, sees each
    column's values (as the rows give them, before conversion) before anything is sent,
    and may raise.
    """
    if not rows:
        return
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])
    ]
    columns = [f.column for f in fields]
    if check is None:
        data = list(zip(*(_column(f, rows) for f in fields), strict=True))
    else:
        values = []
        for f in fields:
            raw = _raw_column(f, rows)
            check(f, raw)
            values.append(_converted(f, raw))
        data = list(zip(*values, strict=True))
    table = model._meta.db_table
    quoted = ", ".join(f'"{c}"' for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in data:
                    copy.write_row(row)
        return
    placeholders = ", ".join(["?"] * len(columns))
    sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})'
    connection.ensure_connection()
    raw = connection.connection  # sqlite3's own: executemany without Django's %s rewriting
    for start in range(0, len(data), batch_size):
        raw.executemany(sql, data[start : start + batch_size])


def _ids_condition(column: str, ids: list[int]) -> tuple[str, list]:
    """``column`` is one of ``ids``, as SQL and its one parameter (an array, or JSON on SQLite)."""
    if connection.vendor == "postgresql":
        return f'"{column}" = ANY(%s)', [list(ids)]
    return f'"{column}" IN (SELECT value FROM json_each(%s))', [json.dumps(list(ids))]


def copy_to_history(
    model: type[models.Model], ids: list[int], *, when: dt.datetime, reason: str, user_id
) -> None:
    """Write the '+' history row of each just-inserted row of ``model`` whose id is in ``ids``.

    The database copies the rows itself (INSERT ... SELECT): a history row repeats its
    record's columns, so building and sending it from Python would double the import's
    traffic for nothing. ``history_id`` comes from the column's own default.
    """
    if not ids:
        return
    history_model = model.history.model
    history_columns = {f.column for f in history_model._meta.concrete_fields}
    columns = [f.column for f in model._meta.concrete_fields]
    missing = [c for c in columns if c not in history_columns]
    assert not missing, f"{history_model.__name__} lacks {missing}"
    quoted = ", ".join(f'"{c}"' for c in columns)
    condition, params = _ids_condition(model._meta.pk.column, ids)
    sql = (
        f'INSERT INTO "{history_model._meta.db_table}" ({quoted}, "history_date", '
        '"history_change_reason", "history_type", "history_user_id") '
        f'SELECT {quoted}, %s, %s, %s, %s FROM "{model._meta.db_table}" WHERE {condition}'
    )
    stamp = connection.ops.adapt_datetimefield_value(when)
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, reason, "+", user_id, *params])
