"""Streamed CSV exports that open cleanly in Excel and LibreOffice.

Rows are written as the queryset is iterated, so memory stays flat however many rows
there are. A cell that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MULTI_VALUE_SEPARATOR = "; "
UTF8_BOM = "\ufeff"
CHUNK_SIZE = 2000


def neutralise(value) -> str:
    """The cell's text, defused if a spreadsheet would take it for a formula."""
    text = cell_text(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


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


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[models.Model], object]
    description: str = ""

    @classmethod
    def attr(cls, name: str, description: str = "") -> Column:
        """A column holding the record's attribute of the same name."""
        return cls(name, attrgetter(name), description)


@dataclass(frozen=True)
class CsvExport:
    """What one resource's CSV holds: its columns and the joins they need."""

    name: str
    columns: Sequence[Column]
    select_related: Sequence[str] = ()
    prefetch_related: Sequence[str | models.Prefetch] = field(default_factory=tuple)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def prepare(self, queryset: models.QuerySet) -> models.QuerySet:
        # The export's own prefetches replace the caller's (a list view prefetches for its
        # JSON, and Django refuses one lookup prefetched two ways).
        queryset = queryset.prefetch_related(None)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def rows(self, queryset: models.QuerySet) -> Iterator[list[str]]:
        for record in self.prepare(queryset).iterator(chunk_size=CHUNK_SIZE):
            yield [neutralise(column.value(record)) for column in self.columns]

    def filename(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        return f"{self.name}-{today.isoformat()}.csv"

    def response(self, queryset: models.QuerySet) -> StreamingHttpResponse:
        response = StreamingHttpResponse(
            stream_csv(self.headers, self.rows(queryset)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        return response


class _Line:
    """A file-like object whose write() hands back what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def stream_csv(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """Yield the CSV text line by line: a BOM for Excel, the header row, then the rows."""
    writer = csv.writer(_Line())
    yield UTF8_BOM + writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        yield writer.writerow(row)


def partial_date_columns(name: str, header: str | None = None) -> list[Column]:
    """Three columns for a partial date: ISO partial form (a range as ``1960/1965``),
    precision, the source's words."""
    header = header or name
    return [
        Column(
            header,
            lambda r: getattr(r, name).iso,
            f"{header}: YYYY, YYYY-MM, YYYY-MM-DD or a range YYYY/YYYY",
        ),
        Column(f"{header}_precision", lambda r: getattr(r, name).precision),
        Column(f"{header}_text", lambda r: getattr(r, name).text),
    ]
