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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from django.db import models
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
    """A cell that can only hold a non-negative number (an id) or nothing: written as it is
    (``csv.writer`` writes None as an empty cell), no formula check needed."""
    return value


class Joined(models.Subquery):
    """The values of a related queryset, in its order, as one text joined by "; " (empty
    when there are none): ``Joined(Alias.objects.filter(entity=OuterRef("pk")), F("name"))``.

    PostgreSQL: ``ARRAY_TO_STRING(ARRAY(subquery), '; ')``, which keeps the subquery's order.
    Elsewhere (SQLite): ``GROUP_CONCAT`` over the ordered subquery, which SQLite reads in
    order (it has no ``ORDER BY`` inside aggregates before 3.44).
    """

    template = "(SELECT GROUP_CONCAT(\"_joined\", '; ') FROM (%(subquery)s))"
    postgresql_template = "ARRAY_TO_STRING(ARRAY(%(subquery)s), '; ')"
    assert MULTI_VALUE_SEPARATOR == "; ", "the templates above write the separator"

    def __init__(self, queryset: models.QuerySet, value: models.Expression | str):
        if isinstance(value, str):
            value = models.F(value)
        super().__init__(
            queryset.values(_joined=Cast(value, models.TextField())),
            output_field=models.TextField(),
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.postgresql_template)


@dataclass(frozen=True)
class Column:
    """One column: its header, what the query selects for it (a field path such as
    ``entity__name``, an SQL expression, or a function that makes one when the export
    runs) and how the selected value becomes the cell (``neutralise`` unless the value
    cannot be a formula)."""

    header: str
    source: str | models.Expression | Callable[[], models.Expression]
    cell: Callable[[object], object] = neutralise
    description: str = ""

    @classmethod
    def attr(cls, name: str, description: str = "") -> Column:
        """A column holding the record's field of the same name."""
        return cls(name, name, description=description)

    @classmethod
    def id(cls, header: str = "id", source: str = "pk") -> Column:
        return cls(header, source, number)


@dataclass(frozen=True)
class CsvExport:
    """What one resource's CSV holds: its columns, all read by one query."""

    name: str
    columns: Sequence[Column]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def values(self, queryset: models.QuerySet) -> models.QuerySet:
        """The export's query: one tuple per row, the columns' sources in order (the
        caller's filters and ordering kept, its prefetches dropped)."""
        names, expressions = [], {}
        for i, column in enumerate(self.columns):
            source = column.source
            if isinstance(source, str):
                names.append(source)
            else:
                names.append(f"csv_{i}")
                expressions[f"csv_{i}"] = (
                    source if hasattr(source, "resolve_expression") else source()
                )
        queryset = queryset.prefetch_related(None).select_related(None)
        if expressions:
            queryset = queryset.annotate(**expressions)
        return queryset.values_list(*names)

    def row_chunks(self, queryset: models.QuerySet) -> Iterator[list[list]]:
        """The rows' cells, a list of up to ``CHUNK_SIZE`` rows per read of the database."""
        cells = [column.cell for column in self.columns]
        rows = self.values(queryset).iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(islice(rows, CHUNK_SIZE)):
            yield [[cell(v) for cell, v in zip(cells, row, strict=True)] for row in chunk]

    def rows(self, queryset: models.QuerySet) -> Iterator[list]:
        for chunk in self.row_chunks(queryset):
            yield from chunk

    def filename(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        return f"{self.name}-{today.isoformat()}.csv"

    def stream(self, queryset: models.QuerySet) -> Iterator[str]:
        """The CSV text: the BOM and header line first, then one string per read of rows
        (one write to the socket per chunk, not per row)."""
        return stream_csv_chunks(self.headers, self.row_chunks(queryset))

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
    lines = _Lines()
    writer = csv.writer(lines)
    yield _header_line(headers)
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
