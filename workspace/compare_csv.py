"""The comparison as CSV: one row per entity, a column per body (its first listing, in ISO
partial form) and one per pair of bodies (the lag in days from the first to the other)."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone

from sanctions_tracker.csv_export import neutralise, stream_csv
from workspace.compare import Comparison, EntityRow

NAME = "compare"


def headers(comparison: Comparison) -> list[str]:
    query = comparison.query
    return [
        "id",
        "name",
        "kind",
        *(f"{code} listed" for code in query.bodies),
        *(f"lag {a} to {b} (days)" for a, b in query.pairs),
    ]


def lag_cell(row: EntityRow, first: str, then: str) -> object:
    """Days as a number when exact; a range in words (a cell starting with "-" would read as
    a formula); "unknown" when both list it but a date is not known; empty otherwise."""
    if first not in row.listings or then not in row.listings:
        return ""
    lag = row.lag(first, then)
    if lag is None:
        return "unknown"
    return lag.low if lag.exact else f"between {lag.low} and {lag.high}"


def listing_cell(row: EntityRow, code: str) -> str:
    """The body's first listing (ISO partial form), "unknown" when it lists the entity on
    a date not known, empty when it does not list it."""
    if code not in row.listings:
        return ""
    return row.listings[code].iso or "unknown"


def rows(comparison: Comparison) -> Iterator[list]:
    query = comparison.query
    for row in comparison.entities:
        yield [
            row.id,
            neutralise(row.name),
            row.kind,
            *(listing_cell(row, code) for code in query.bodies),
            *(lag_cell(row, a, b) for a, b in query.pairs),
        ]


def filename() -> str:
    return f"{NAME}-{timezone.localdate().isoformat()}.csv"


def response(comparison: Comparison) -> StreamingHttpResponse:
    """The CSV file, as the other exports write theirs (BOM, header row, attachment)."""
    streamed = StreamingHttpResponse(
        stream_csv(headers(comparison), rows(comparison)), content_type="text/csv; charset=utf-8"
    )
    streamed["Content-Disposition"] = f'attachment; filename="{filename()}"'
    return streamed
