"""CSV columns of sources and citations."""

from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce

from sanctions_tracker.csv_export import (
    Column,
    CsvExport,
    number,
    partial_date_columns,
    uid_column,
)
from sources.models import CITABLE_FIELDS

SOURCE_EXPORT = CsvExport(
    name="sources",
    columns=[
        Column.id(),
        uid_column(),
        Column.attr("kind"),
        Column.attr("title"),
        Column.attr("publisher"),
        Column.attr("url"),
        *partial_date_columns("published"),
        *partial_date_columns("retrieved"),
        Column.attr("sha256"),
    ],
)

# A citation points at one record: the first of its citable foreign keys that is set.
_TARGET_TYPE = Case(
    *(When(**{f"{name}__isnull": False}, then=Value(name)) for name in CITABLE_FIELDS),
    default=Value(""),
)
_TARGET_ID = Coalesce(*(F(f"{name}_id") for name in CITABLE_FIELDS))

CITATION_EXPORT = CsvExport(
    name="citations",
    columns=[
        Column.id(),
        Column.id("source_id", "source_id"),
        Column("source", "source__title"),
        Column("record_type", _TARGET_TYPE),
        Column("record_id", _TARGET_ID, number),
        Column.attr("field"),
        Column.attr("quote"),
        Column.attr("locator"),
    ],
)
