"""Streamed CSV exports that open cleanly in Excel and LibreOffice.

An export is one SQL query: every column is a field path or an SQL expression, read with
``values_list`` (plain tuples, never model objects) in chunks of ``CHUNK_SIZE`` rows, and
written as it is read, so memory stays flat however many rows there are. A column that
holds several values (an entity's aliases) is a :class:`Joined` subquery: the database
joins them into one text, in order, so the export does not run a query per relation nor
build the text in Python (see docs/BENCHMARKS.md: this is what brings the export near
PostgreSQL's own ``COPY``).

A cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, transaction
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.utils import timezone

from sanctions_tracker.partial_dates import iso_expression

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)
MULTI_VALUE_SEPARATOR = "; "
UTF8_BOM = "\ufeff"
CHUNK_SIZE = 2000


def neutralise(value) -> str:
    """The cell's text, defused if a spreadsheet would take it for a formula."""
    text = value if value.__class__ is str else cell_text(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return MULTI_VALUE_SEPARATOR.join(cell_text(v) for v in value if v not in (None, ""))
    return str(value)


def number(value) -> object:
    """A cell that can only hold a non-negative number (an id), a code that starts with a
    letter (a choice, a country code, a text that starts with one) or nothing: written as
    it is (``csv.writer`` writes None as an empty cell), no formula check needed."""
    return value


coded = number


@dataclass(frozen=True)
class Joined:
    """A cell holding several related values, in their order, joined by "; " by the
    database: ``Joined(Alias.objects.all(), "entity", F("name"))`` is each entity's aliases
    (``key`` leads from the related rows to the exported row's ``main_key``).

    The whole list reads each as one grouped derived table joined to the rows (``LEFT JOIN
    (SELECT key, STRING_AGG(value, '; ' ORDER BY ...) ... GROUP BY key)``), not a subquery
    per row: the database aggregates all of a relation in one pass. A filtered export (a
    few rows, usually) reads each row's values by index instead, a correlated subquery.
    """

    queryset: models.QuerySet
    key: str
    value: models.Expression | str
    main_key: str = "pk"


@dataclass(frozen=True)
class Column:
    """One column: its header, what the query selects for it (a field path such as
    ``entity__name``, an SQL expression, a :class:`Joined`, or a function that makes one
    when the export runs) and how the selected value becomes the cell (``neutralise``
    unless the value cannot be a formula)."""

    header: str
    source: str | models.Expression | Joined | Callable[[], models.Expression | Joined]
    cell: Callable[[object], object] = neutralise
    description: str = ""

    @classmethod
    def attr(cls, name: str, description: str = "") -> Column:
        """A column holding the record's field of the same name."""
        return cls(name, name, description=description)

    @classmethod
    def id(cls, header: str = "id", source: str = "pk") -> Column:
        return cls(header, source, number)

    def resolved_source(self):
        source = self.source
        if isinstance(source, str):
            return models.F(source)
        if isinstance(source, Joined) or hasattr(source, "resolve_expression"):
            return source
        return source()


@dataclass(frozen=True)
class ExportQuery:
    """The export's one SELECT, ready to run: its SQL and parameters (its columns in the
    export's order, text cells already defused by the database), the converters Django
    applies to its columns on this database, and the Python cell functions left to apply
    (by position). ``without_jit``: run it with PostgreSQL's JIT compiler off (see
    :data:`NO_JIT_SQL`)."""

    sql: str
    params: tuple
    compiler: object
    converters: dict
    cells: dict
    without_jit: bool = False
    copy_sql: str | None = None

    def copy_csv(self, connection) -> Iterator[str]:
        """PostgreSQL: the rows as the CSV text ``csv.writer`` would write, made by the
        server's ``COPY (...) TO STDOUT (FORMAT csv)`` (no row object, no Python per cell),
        one string per ``CHUNK_SIZE`` rows. ``copy_sql`` makes it byte-identical: an empty
        text is selected as NULL (COPY would write ``""``), and each row's ``\\n`` (the
        last byte of each row COPY sends) becomes ``\\r\\n``; both quote a cell holding a
        comma, a quote, ``\\r`` or ``\\n`` and double its quotes."""
        sql = f"COPY ({self.copy_sql}) TO STDOUT (FORMAT csv)"
        with (
            transaction.atomic(using=connection.alias, savepoint=False),
            connection.cursor() as cursor,
        ):
            if self.without_jit:
                cursor.execute(NO_JIT_SQL)
            # Logged as the cursor logs its queries (when it runs, its time when it ends).
            logged = {"sql": sql, "time": "0.000"}
            if connection.queries_logged:
                connection.queries_log.append(logged)
            started = time.monotonic()
            rows = []
            with cursor.cursor.copy(sql, self.params) as copy:
                for row in copy:
                    rows.append(row[:-1])
                    if len(rows) == CHUNK_SIZE:
                        yield (b"\r\n".join(rows) + b"\r\n").decode()
                        rows.clear()
            if rows:
                yield (b"\r\n".join(rows) + b"\r\n").decode()
            logged["time"] = f"{time.monotonic() - started:.3f}"

    def rows(self, connection) -> Iterator[list]:
        """Result rows as the CSV writes them, read ``CHUNK_SIZE`` at a time (a server-side
        cursor on PostgreSQL)."""
        chunked = not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
        cells = list(self.cells.items())
        # In a transaction a PostgreSQL server-side cursor is read as it goes; outside one,
        # Django declares it WITH HOLD and the server writes out the whole result first.
        with transaction.atomic(using=connection.alias, savepoint=False):
            if self.without_jit and connection.vendor == "postgresql":
                with connection.cursor() as setting:
                    setting.execute(NO_JIT_SQL)
            cursor = connection.chunked_cursor() if chunked else connection.cursor()
            try:
                cursor.execute(self.sql, self.params)
                while chunk := cursor.fetchmany(CHUNK_SIZE):
                    if self.converters:
                        chunk = list(self.compiler.apply_converters(chunk, self.converters))
                    if cells:
                        chunk = [list(row) for row in chunk]
                        for row in chunk:
                            for i, cell in cells:
                                row[i] = cell(row[i])
                    yield chunk
            finally:
                cursor.close()


# A filtered export's correlated subqueries (one per part cell, each run once per row)
# make PostgreSQL's cost estimate of even a one-row export huge (it guesses a ``LIKE`` filter
# keeps thousands of rows), past ``jit_optimize_above_cost``: compiling the query with LLVM
# then took 2 to 3 s of a ``?q=`` export that runs in 30 ms without it (issue 11). For the
# export's own transaction only.
NO_JIT_SQL = "SET LOCAL jit = off"


# SQL that defuses a text cell a spreadsheet would take for a formula: neutralise(), for
# values the database hands over as text.
_FORMULA_SQL = ", ".join(f"'{c}'" for c in FORMULA_PREFIXES)


def _neutralised_sql(ref: str) -> str:
    return f"CASE WHEN SUBSTR({ref}, 1, 1) IN ({_FORMULA_SQL}) THEN '''' || {ref} ELSE {ref} END"


_NO_CELL = object()


def _copies_as_str(expression) -> bool:
    """Whether PostgreSQL's text of the column is what ``csv.writer`` writes of the value
    the export reads: an integer, or a UUID the database makes text (:class:`AsText`)."""
    return isinstance(expression.output_field, models.IntegerField) or (
        isinstance(expression, AsText) and not expression.moment
    )


def _ordering(queryset: models.QuerySet) -> list[models.OrderBy]:
    """The queryset's ORDER BY as expressions (its own, else its model's default)."""
    query = queryset.query
    if query.order_by:
        spec = query.order_by
    elif query.default_ordering:
        spec = queryset.model._meta.ordering
    else:
        spec = ()
    ordering = []
    for item in spec:
        if isinstance(item, str):
            if item == "?":
                continue
            item = models.F(item[1:]).desc() if item.startswith("-") else models.F(item).asc()
        elif not isinstance(item, models.OrderBy):
            item = item.asc()
        ordering.append(item)
    return ordering


def _order_sql(alias: str, order: models.OrderBy) -> str:
    sql = f"{alias} {'DESC' if order.descending else 'ASC'}"
    if order.nulls_last:
        sql += " NULLS LAST"
    elif order.nulls_first:
        sql += " NULLS FIRST"
    return sql


class _JoinedSubquery(models.Subquery):
    """One row's values of a Joined, in order, joined by "; " (a correlated subquery)."""

    template = "(SELECT GROUP_CONCAT(\"_joined\", '; ') FROM (%(subquery)s))"
    postgresql_template = "ARRAY_TO_STRING(ARRAY(%(subquery)s), '; ')"

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.postgresql_template)


def _correlated(joined: Joined) -> _JoinedSubquery:
    value = models.F(joined.value) if isinstance(joined.value, str) else joined.value
    rows = joined.queryset.filter(**{joined.key: models.OuterRef(joined.main_key)})
    if not rows.query.order_by:
        rows = rows.order_by(*joined.queryset.model._meta.ordering)
    return _JoinedSubquery(
        rows.values(_joined=Cast(value, models.TextField())), output_field=models.TextField()
    )


def _grouped(joined: Joined, connection) -> tuple[str, tuple]:
    """One Joined as ``SELECT _k, <joined text> AS _v ... GROUP BY _k`` over all its rows:
    one pass over the part's table, each group's values in the part's order (PostgreSQL:
    ``STRING_AGG(... ORDER BY ...)``; SQLite: ``GROUP_CONCAT`` keeps the order of an
    ordered subquery)."""
    related = joined.queryset
    value = models.F(joined.value) if isinstance(joined.value, str) else joined.value
    ordering = _ordering(related)
    columns = {"_k": models.F(joined.key), "_v": Cast(value, models.TextField())}
    columns |= {f"_o{n}": order.expression for n, order in enumerate(ordering)}
    inner = related.annotate(**columns).order_by().values_list(*columns)
    sql, params = inner.query.sql_with_params()
    orders = [_order_sql(f"_o{n}", order) for n, order in enumerate(ordering)]
    if connection.vendor == "postgresql":
        order_by = f" ORDER BY {', '.join(orders)}" if orders else ""
        aggregate = f"STRING_AGG(g._v, '; '{order_by})"
        source = f"({sql}) g"
    else:
        aggregate = "GROUP_CONCAT(g._v, '; ')"
        source = f"(SELECT * FROM ({sql}) ORDER BY {', '.join(['_k', *orders])}) g"
    assert MULTI_VALUE_SEPARATOR == "; ", "the aggregates above write the separator"
    return f"SELECT g._k AS _k, {aggregate} AS _v FROM {source} GROUP BY g._k", params


@dataclass(frozen=True)
class CsvExport:
    """What one resource's CSV holds: its columns, all read by one query."""

    name: str
    columns: Sequence[Column]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def query(self, queryset: models.QuerySet) -> ExportQuery:
        """The export's one SELECT over the caller's rows (its filters and ordering kept,
        its prefetches dropped): the rows' own columns from a ``values_list`` query
        (``m``), each Joined column from its grouped derived table, ordered as the caller
        orders."""
        connection = connections[queryset.db]
        ordering = _ordering(queryset)
        own, joined = {}, {}
        # A filtered export (a few rows, usually) reads each row's parts by index, one
        # correlated subquery per cell; the whole list, each part table in one grouped pass.
        filtered = bool(queryset.query.where)
        for i, column in enumerate(self.columns):
            source = column.resolved_source()
            if isinstance(source, Joined) and filtered:
                source = _correlated(source)
            (joined if isinstance(source, Joined) else own)[i] = source
        annotations = {f"c{i}": source for i, source in own.items()}
        annotations |= {f"k{i}": models.F(j.main_key) for i, j in joined.items()}
        annotations |= {f"o{n}": order.expression for n, order in enumerate(ordering)}
        rows = (
            queryset.prefetch_related(None)
            .select_related(None)
            .annotate(**annotations)
            .order_by()
            .values_list(*annotations)
        )
        compiler = rows.query.get_compiler(connection=connection)
        main_sql, main_params = compiler.as_sql()
        place = {alias: n for n, (_, _, alias) in enumerate(compiler.select)}
        selected, joins, params, cells, converters = [], [], list(main_params), {}, {}
        copied, copyable = [], connection.vendor == "postgresql"
        main_converters = compiler.get_converters([e for e, _, _ in compiler.select])
        for i, column in enumerate(self.columns):
            cell = _NO_CELL if column.cell in (number, coded) else column.cell
            if i in joined:
                ref, is_text = f"j{i}._v", True
                grouped_sql, grouped_params = _grouped(joined[i], connection)
                joins.append(f"LEFT JOIN ({grouped_sql}) j{i} ON j{i}._k = m.k{i}")
                params += grouped_params
            else:
                ref = f"m.c{i}"
                expression = compiler.select[place[f"c{i}"]][0]
                is_text = isinstance(expression.output_field, models.CharField | models.TextField)
                if place[f"c{i}"] in main_converters:
                    converters[i] = main_converters[place[f"c{i}"]]
                if not is_text and not _copies_as_str(expression):
                    copyable = False
            if cell is neutralise and is_text:
                selected.append(_neutralised_sql(ref))
            else:
                selected.append(ref)
                if cell is not _NO_CELL:
                    cells[i] = cell
            copied.append(f"NULLIF({selected[-1]}, '')" if is_text else selected[-1])
        tail = f" FROM ({main_sql}) m {' '.join(joins)}"
        if ordering:
            orders = (_order_sql(f"m.o{n}", order) for n, order in enumerate(ordering))
            tail += " ORDER BY " + ", ".join(orders)
        sql = f"SELECT {', '.join(selected)}{tail}"
        copy_sql = None
        if copyable and not cells and not converters:
            copy_sql = f"SELECT {', '.join(copied)}{tail}"
        return ExportQuery(
            sql, tuple(params), compiler, converters, cells, filtered, copy_sql=copy_sql
        )

    def row_chunks(self, queryset: models.QuerySet) -> Iterator[list[list]]:
        """The rows' cells, a list of up to ``CHUNK_SIZE`` rows per read of the database."""
        try:
            query = self.query(queryset)
        except EmptyResultSet:  # a filter that no row can match (``pk__in=[]``, ``none()``)
            return
        yield from query.rows(connections[queryset.db])

    def rows(self, queryset: models.QuerySet) -> Iterator[list]:
        for chunk in self.row_chunks(queryset):
            yield from chunk

    def filename(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        return f"{self.name}-{today.isoformat()}.csv"

    def stream(self, queryset: models.QuerySet) -> Iterator[str]:
        """The CSV text: the BOM and header line first, then one string per read of rows
        (one write to the socket per chunk, not per row). On PostgreSQL, when every cell is
        made by the database, the server writes the CSV (:meth:`ExportQuery.copy_csv`)."""
        # A generator: the query is made (and its database chosen) as the response streams.
        yield _header_line(self.headers)
        try:
            query = self.query(queryset)
        except EmptyResultSet:  # a filter that no row can match (``pk__in=[]``, ``none()``)
            return
        connection = connections[queryset.db]
        if query.copy_sql is None:
            yield from _csv_chunks(query.rows(connection))
        else:
            yield from query.copy_csv(connection)

    def response(self, queryset: models.QuerySet) -> StreamingHttpResponse:
        response = StreamingHttpResponse(
            self.stream(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        return response


class _Line:
    """A file-like object whose write() hands back what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


class _Lines(list):
    """A file-like object that collects what csv.writer writes."""

    write = list.append


def _header_line(headers: Sequence[str]) -> str:
    return UTF8_BOM + csv.writer(_Line()).writerow([neutralise(h) for h in headers])


def stream_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """Yield the CSV text line by line: a BOM for Excel, the header row, then the rows."""
    writer = csv.writer(_Line())
    yield _header_line(headers)
    for row in rows:
        yield writer.writerow(row)


def stream_csv_chunks(
    headers: Sequence[str], chunks: Iterable[Sequence[Sequence]]
) -> Iterator[str]:
    """As :func:`stream_csv`, one string per chunk of rows."""
    yield _header_line(headers)
    yield from _csv_chunks(chunks)


def _csv_chunks(chunks: Iterable[Sequence[Sequence]]) -> Iterator[str]:
    lines = _Lines()
    writer = csv.writer(lines)
    for chunk in chunks:
        writer.writerows(chunk)
        text = "".join(lines)
        lines.clear()
        yield text


def partial_date_columns(name: str, header: str | None = None) -> list[Column]:
    """Three columns for a partial date: ISO partial form (a range as ``1960/1965``),
    precision, the source's words."""
    header = header or name
    return [
        Column(
            header,
            iso_expression(name),
            description=f"{header}: YYYY, YYYY-MM, YYYY-MM-DD or a range YYYY/YYYY",
        ),
        Column(f"{header}_precision", f"{name}_precision"),
        Column(f"{header}_text", f"{name}_text"),
    ]


class AsText(models.Func):
    """A UUID or a moment as the text the export writes, made by the database (psycopg's
    loaders of them cost more than the rest of a row's work). A moment is written as
    ``datetime.isoformat()`` writes it in UTC; a UUID elsewhere than PostgreSQL is left to
    Django's converter (``csv.writer`` writes ``str(uuid)``)."""

    template = "%(expressions)s"

    def __init__(self, field: str, *, moment: bool):
        self.moment = moment
        output = models.CharField() if moment else models.UUIDField()
        super().__init__(models.F(field), output_field=output)

    def as_sqlite(self, compiler, connection, **extra_context):
        if self.moment:  # Django keeps UTC moments as "YYYY-MM-DD HH:MM:SS[.ffffff]"
            template = "(REPLACE(%(expressions)s, ' ', 'T') || '+00:00')"
            return self.as_sql(compiler, connection, template=template, **extra_context)
        return self.as_sql(compiler, connection, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        if self.moment:  # microseconds only when not zero, as isoformat()
            template = (
                "(TO_CHAR(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
                " || CASE WHEN DATE_TRUNC('second', %(expressions)s) = %(expressions)s"
                " THEN '' ELSE TO_CHAR(%(expressions)s AT TIME ZONE 'UTC', '.US') END"
                " || '+00:00')"
            )
        else:
            template = "(%(expressions)s)::text"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def uid_column() -> Column:
    return Column("uid", AsText("uid", moment=False), coded)


def moment_column(name: str) -> Column:
    return Column(name, AsText(name, moment=True), coded)
