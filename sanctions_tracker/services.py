"""Services shared by every app."""

from django.db import transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from sanctions_tracker.csv_export import CsvExport


def export_csv(*, export: CsvExport, queryset: QuerySet) -> StreamingHttpResponse:
    """A streamed CSV of every record in ``queryset`` (already filtered by the caller)."""
    return export.response(queryset)


def validated_save(record, *, user=None, reason: str = "", exclude=None):
    """Validate ``record`` (``full_clean``, leaving out ``exclude``), then save it with the
    user and the reason on its history row; a ValidationError writes nothing.

    The one step under every service that writes a single curated record. ``user`` None
    leaves the history to the request's user (django-simple-history's middleware)."""
    record.full_clean(exclude=exclude)
    if user is not None:
        record._history_user = user
    if reason:
        record._change_reason = reason
    record.save()
    return record


@transaction.atomic
def record_save(
    *, instance, values: dict, m2m: dict | None = None, user=None, expected_version=None
):
    """Create or change one curated record with the model's own validation.

    ``expected_version`` (from an API client's If-Match) makes the save refuse to overwrite
    a newer version (StaleRecordError). Raises Django's ValidationError with the reasons
    per field; nothing is written then.
    """
    for name, value in values.items():
        setattr(instance, name, value)
    if expected_version is not None and instance.pk is not None:
        instance.version = expected_version
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    validated_save(instance, user=user if authenticated else None)
    for name, related in (m2m or {}).items():
        getattr(instance, name).set(related)
    return instance


@transaction.atomic
def record_delete(*, instance, user=None) -> None:
    """Delete a record (its history keeps it). ProtectedError if others depend on it."""
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    instance.delete()
