"""Inserting many rows fast: COPY on PostgreSQL, executemany on SQLite.

Django's ``bulk_create`` builds a model instance and prepares every value of every row
through the field API: about 50 µs a row, which makes a full SDN import (some 600,000 rows
with history and citations) take minutes. Here rows are plain dicts of column values, the
primary keys are reserved beforehand (so that children, history rows and citations can
point at them before anything is written), and each value goes through one converter chosen
once per column.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable

from django.db import connection, models


class IdAllocator:
    """Hands out primary keys for a table; call inside the import's transaction."""

    def __init__(self):
        self._next: dict[str, int] = {}
        self._pg_blocks: dict[str, list[int]] = {}

    def take(self, model: type[models.Model], n: int = 1) -> list[int]:
        table = model._meta.db_table
        column = model._meta.pk.column
        if connection.vendor == "postgresql":
            return self._take_pg(table, column, n)
        if table not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"')
                highest = cursor.fetchone()[0]
                # AUTOINCREMENT remembers ids of deleted rows; never hand those out again.
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                if row is not None:
                    highest = max(highest, row[0])
            self._next[table] = highest + 1
        start = self._next[table]
        self._next[table] = start + n
        return list(range(start, start + n))

    def _take_pg(self, table: str, column: str, n: int) -> list[int]:
        block = self._pg_blocks.setdefault(table, [])
        if len(block) < n:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [f'"{table}"', column, max(n - len(block), 1000)],
                )
                block.extend(row[0] for row in cursor.fetchall())
        taken, self._pg_blocks[table] = block[:n], block[n:]
        return taken


def _converter(field: models.Field) -> Callable:
    """One function per column turning a Python value into what the driver takes."""
    ops = connection.ops
    internal = field.get_internal_type()
    sqlite = connection.vendor == "sqlite"
    if internal == "UUIDField":
        if sqlite:
            return lambda v: v.hex if isinstance(v, uuid.UUID) else v
        return lambda v: v
    if internal == "DateTimeField":
        return lambda v: ops.adapt_datetimefield_value(v) if v is not None else None
    if internal == "DateField":
        if sqlite:
            return lambda v: v.isoformat() if isinstance(v, dt.date) else v
        return lambda v: v
    if internal == "JSONField":
        return lambda v: field.get_db_prep_save(v, connection)
    if internal == "BooleanField":
        return (lambda v: int(v) if v is not None else None) if sqlite else (lambda v: v)
    # Char, Text, integers, foreign keys, CountryField: the driver takes them as they are.
    return lambda v: str(v) if v is not None and not isinstance(v, (str, int)) else v


def insert_rows(model: type[models.Model], rows: list[dict], batch_size: int = 5000) -> None:
    """Insert ``rows`` (dicts keyed by column attname; missing columns get the defaults)."""
    if not rows:
        return
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])
    ]
    # A column a row leaves out gets the field's default ("" for text, None if nullable).
    defaults = {f.attname: f.get_default for f in fields}
    columns = [f.column for f in fields]
    converters = [(f.attname, _converter(f)) for f in fields]

    def values(row: dict) -> tuple:
        out = []
        for attname, convert in converters:
            value = row[attname] if attname in row else defaults[attname]()
            out.append(convert(value))
        return tuple(out)

    table = model._meta.db_table
    quoted = ", ".join(f'"{c}"' for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(values(row))
        return
    placeholders = ", ".join(["?"] * len(columns))
    sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})'
    connection.ensure_connection()
    raw = connection.connection  # sqlite3's own: executemany without Django's %s rewriting
    for start in range(0, len(rows), batch_size):
        raw.executemany(sql, [values(r) for r in rows[start : start + batch_size]])


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
