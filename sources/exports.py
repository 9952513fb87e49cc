"""CSV columns of sources and citations."""

from sanctions_tracker.csv_export import Column, CsvExport, partial_date_columns
from sources.models import CITABLE_FIELDS

SOURCE_EXPORT = CsvExport(
    name="sources",
    columns=[
        Column("id", lambda s: s.pk),
        Column.attr("uid"),
        Column.attr("kind"),
        Column.attr("title"),
        Column.attr("publisher"),
        Column.attr("url"),
        *partial_date_columns("published"),
        *partial_date_columns("retrieved"),
        Column.attr("sha256"),
    ],
)


def _target_type(citation) -> str:
    for name in CITABLE_FIELDS:
        if getattr(citation, f"{name}_id") is not None:
            return name
    return ""


CITATION_EXPORT = CsvExport(
    name="citations",
    columns=[
        Column("id", lambda c: c.pk),
        Column.attr("source_id"),
        Column("source", lambda c: c.source.title),
        Column("record_type", _target_type),
        Column("record_id", lambda c: getattr(c, f"{_target_type(c)}_id", "")),
        Column.attr("field"),
        Column.attr("quote"),
        Column.attr("locator"),
    ],
    select_related=("source",),
)
