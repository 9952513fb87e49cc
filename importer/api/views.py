"""/api/v1/imports/: what each import of an official list did, read-only.

Imports are started by ``manage.py import_list`` (or by code through
``importer.services.import_list``); the API shows their records and differences.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from importer import exports
from importer.api import serializers as s
from importer.filtersets import (
    ImportDifferenceFilterSet,
    ImportRunFilterSet,
    ProposedMatchFilterSet,
)
from importer.models import DifferenceAction, ImportRun, ProposedMatch
from sanctions_tracker.api.filters import (
    StrictFilterBackend,
    StrictOrderingFilter,
    refuse_unknown_parameters,
)
from sanctions_tracker.api.views import RECORD_ID, CsvListMixin, CSVRenderer
from sanctions_tracker.services import export_csv


class ImportRunViewSet(CsvListMixin, viewsets.ReadOnlyModelViewSet):
    """Imports of the official lists, newest first: counts, files and their SHA-256."""

    queryset = ImportRun.objects.select_related("list_source").order_by("-started_at", "-id")
    serializer_class = s.ImportRunSerializer
    filterset_class = ImportRunFilterSet
    filter_backends = [StrictFilterBackend, StrictOrderingFilter]
    ordering_fields = ["started_at", "id"]
    lookup_value_regex = RECORD_ID
    csv_export = exports.IMPORT_RUN_EXPORT

    def get_renderers(self):
        if getattr(self, "action", None) == "differences":
            return [JSONRenderer(), CSVRenderer()]
        return super().get_renderers()

    def filter_queryset(self, queryset):
        if self.action == "differences":
            return queryset
        return super().filter_queryset(queryset)

    @extend_schema(
        responses=s.ImportDifferenceSerializer(many=True),
        parameters=[
            OpenApiParameter(
                "action", enum=DifferenceAction.values, many=True, description="Kind(s)."
            ),
            OpenApiParameter("reference", str, description="A list entry's reference."),
            OpenApiParameter("entity", int, description="An entity's id."),
            OpenApiParameter("field", str, description="The changed field, e.g. aliases."),
        ],
    )
    @action(detail=True)
    def differences(self, request, pk=None):
        """What this import added, changed, delisted, linked, proposed, and its conflicts and
        warnings; ``?format=csv`` downloads them all as CSV."""
        run = self.get_object()
        queryset = run.differences.select_related("entity").order_by("id")
        filterset = ImportDifferenceFilterSet(request.query_params, queryset=queryset)
        known = {*filterset.filters, "page", "page_size"}
        refuse_unknown_parameters(request, known)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        queryset = filterset.qs
        if isinstance(request.accepted_renderer, CSVRenderer):
            return export_csv(export=exports.IMPORT_DIFFERENCE_EXPORT, queryset=queryset)
        page = self.paginate_queryset(queryset)
        serializer = s.ImportDifferenceSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)


class ProposedMatchViewSet(viewsets.ReadOnlyModelViewSet):
    """New list entries that an import could not link with certainty (several candidates),
    newest run first, and how they were reviewed; the review itself is in the admin
    (/admin/importer/proposedmatch/)."""

    queryset = (
        ProposedMatch.objects.select_related("run", "created_entity", "chosen")
        .prefetch_related("candidates")
        .order_by("-run_id", "reference", "id")
    )
    serializer_class = s.ProposedMatchSerializer
    filterset_class = ProposedMatchFilterSet
    filter_backends = [StrictFilterBackend, StrictOrderingFilter]
    ordering_fields = ["id", "decided_at"]
    lookup_value_regex = RECORD_ID
