"""The base viewset of curated records: strict filters, stable pages, streamed CSV,
ETag and If-Match, deletes through a service."""

from __future__ import annotations

import re

from rest_framework import status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from sanctions_tracker import concurrency
from sanctions_tracker.api import export_jobs
from sanctions_tracker.api.filters import (
    StrictFilterBackend,
    StrictOrderingFilter,
    refuse_unknown_parameters,
)
from sanctions_tracker.api.throttling import ExportRateThrottle
from sanctions_tracker.csv_export import CsvExport
from sanctions_tracker.services import export_csv, record_delete

RECORD_ID = "[0-9]+"
_ETAG = re.compile(r'^(?:W/)?"v(\d+)"$')


class CSVRenderer(BaseRenderer):
    """Announces text/csv for lists; the list view streams the file itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only reached by something that is not a streamed export: show it as JSON text.
        return JSONRenderer().render(data, "application/json", renderer_context)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record changed since the version in If-Match; nothing was written."
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    """RFC 6585: a write that could overwrite someone else's change unseen must say which
    version it was made from."""

    status_code = 428
    default_detail = (
        "PUT and PATCH need an If-Match header: send back the ETag of the version you read, "
        "or If-Match: * to overwrite whatever version is current. Nothing was written."
    )
    default_code = "precondition_required"

    @classmethod
    def for_record(cls, record) -> PreconditionRequired:
        """The 428 of ``record``, naming the ETag of its current version."""
        current = etag_for(record)
        return cls(
            "PUT and PATCH need an If-Match header: send back the ETag of the version you "
            f"read (this record is now at {current}: If-Match: {current}), or If-Match: * "
            "to overwrite whatever version is current. Nothing was written."
        )


def etag_for(record) -> str:
    return concurrency.etag(record.version)


class CsvListMixin:
    """``?format=csv`` or ``Accept: text/csv`` on the list streams every matching row, under
    the export rate, or from EXPORT_JOB_MIN_ROWS rows answers 202 and exports them in a job;
    errors of a CSV request are explained in JSON."""

    csv_export: CsvExport | None = None

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.csv_export is not None and getattr(self, "action", None) == "list":
            renderers.append(CSVRenderer())
        return renderers

    def _wants_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, CSVRenderer)

    def get_throttles(self):
        throttles = super().get_throttles()
        if self._wants_csv():
            throttles.append(ExportRateThrottle())
        return throttles

    def list(self, request, *args, **kwargs):
        if self._wants_csv():
            # The file holds every row; still, a malformed page parameter is refused.
            if self.paginator is not None:
                self.paginator.get_page_size(request)
                self.paginator.check_page_parameter(request)
            queryset = self.filter_queryset(self.get_queryset())
            if export_jobs.runs_as_job(queryset):
                return export_jobs.start_export_job(self, request)
            return export_csv(export=self.csv_export, queryset=queryset)
        return super().list(request, *args, **kwargs)

    def handle_exception(self, exc):
        if self._wants_csv():
            # Errors of a CSV request are explained in JSON.
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class CuratedViewSet(CsvListMixin, viewsets.ModelViewSet):
    """List, retrieve, create, replace, update and delete one kind of curated record.

    - ``?format=csv`` or ``Accept: text/csv`` on the list streams every matching row;
    - every detail response carries an ``ETag``; a PUT or PATCH must send it back in
      ``If-Match`` (428 without), and gets 412 and changes nothing if it names an older
      version;
    - unknown parameters and malformed values are 400s.
    """

    filter_backends = [StrictFilterBackend, StrictOrderingFilter]
    # Ids are ASCII digits: anything else ("abc", "1.5", "٣") is the JSON 404 of an unknown
    # address, not a record looked up by int("٣") == 3.
    lookup_value_regex = RECORD_ID
    ordering_fields: list[str] = []
    ordering_aliases: dict[str, list[str]] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action != "list":
            refuse_unknown_parameters(request, self.extra_parameters())

    def extra_parameters(self) -> set[str]:
        """Query parameters an action other than list understands (history pages)."""
        return {"page", "page_size"} if self.action == "history" else set()

    # ETag and If-Match -------------------------------------------------------------------
    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        etag = etag_for(instance)
        # Weak comparison (RFC 9110 13.1.2): a proxy may have weakened our tag.
        tags = [t.removeprefix("W/") for t in _tags(request.headers.get("If-None-Match", ""))]
        if "*" in tags or etag in tags:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        serializer = self.get_serializer(instance)
        return Response(serializer.data, headers={"ETag": etag})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        expected = _expected_version(request.headers.get("If-Match"), instance)
        serializer = self.get_serializer(
            instance,
            data=request.data,
            partial=partial,
            context={**self.get_serializer_context(), "expected_version": expected},
        )
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(serializer.data, headers={"ETag": etag_for(serializer.instance)})

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        instance = getattr(self, "_created", None)
        if instance is not None:
            response["ETag"] = etag_for(instance)
        return response

    def perform_create(self, serializer):
        self._created = serializer.save()

    def perform_destroy(self, instance):
        record_delete(instance=instance, user=self.request.user)


def _tags(header: str) -> list[str]:
    return [t.strip() for t in header.split(",") if t.strip()]


def _expected_version(header: str | None, instance) -> int | None:
    """The version an If-Match names; 412 if it is not the current one, 428 if there is
    none (``*`` says any version will do)."""
    if not header or not header.strip():
        raise PreconditionRequired.for_record(instance)
    tags = _tags(header)
    if "*" in tags:
        return None
    versions = [int(m.group(1)) for t in tags if (m := _ETAG.match(t))]
    if instance.version not in versions:
        raise PreconditionFailed(
            f"If-Match {header} does not match the current version {etag_for(instance)} of "
            "this record: someone changed it since you read it. Nothing was written; GET it "
            "again and re-apply your change."
        )
    return instance.version
