"""Services shared by every app."""

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from sanctions_tracker.csv_export import CsvExport


def export_csv(*, export: CsvExport, queryset: QuerySet) -> StreamingHttpResponse:
    """A streamed CSV of every record in ``queryset`` (already filtered by the caller)."""
    return export.response(queryset)
