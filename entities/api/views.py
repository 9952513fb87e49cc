"""API views of the entity side: every resource, an entity's history, and the delisting of
designations. An entity's timeline, which needs events, is added in ``events.api.views``."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from entities import exports, filtersets, services
from entities.active import ACTIVE_FIELDS
from entities.api import serializers as s
from entities.ftm import export as ftm
from entities.models import (
    Address,
    Alias,
    Body,
    Designation,
    Entity,
    EntityCountry,
    EntityDate,
    Identifier,
    Measure,
    Programme,
    Relationship,
    TargetedActivity,
)
from entities.parts import PARTS
from entities.selectors import entity_history
from sanctions_tracker.api.filters import StrictFilterBackend
from sanctions_tracker.api.views import CsvListMixin, CSVRenderer, CuratedViewSet, etag_for
from sanctions_tracker.partial_dates import sort_key
from sources.models import Citation

DATE_ORDERING = {
    "listed": ["listed_earliest", "listed_latest"],
    "delisted": ["delisted_earliest", "delisted_latest"],
    "since": ["since_earliest", "since_latest"],
    "started": ["started_earliest", "started_latest"],
    "ended": ["ended_earliest", "ended_latest"],
    "date": ["date_earliest", "date_latest"],
}


class MeasureViewSet(CsvListMixin, ReadOnlyModelViewSet):
    """The fixed vocabulary of measures."""

    queryset = Measure.objects.order_by("code")
    serializer_class = s.MeasureSerializer
    lookup_field = "code"
    pagination_class = None
    filter_backends = [StrictFilterBackend]  # no filters: refuses unknown parameters
    csv_export = exports.MEASURE_EXPORT


class BodyViewSet(CuratedViewSet):
    queryset = Body.objects.select_related("parent", "entity").order_by("code", "id")
    serializer_class = s.BodySerializer
    filterset_class = filtersets.BodyFilterSet
    ordering_fields = ["code", "name", "jurisdiction", "updated_at", "id"]
    csv_export = exports.BODY_EXPORT


class ProgrammeViewSet(CuratedViewSet):
    queryset = (
        Programme.objects.select_related("body")
        .prefetch_related("targeted_activities")
        .order_by("body__code", "code", "id")
    )
    serializer_class = s.ProgrammeSerializer
    filterset_class = filtersets.ProgrammeFilterSet
    ordering_fields = ["code", "name", "status", "updated_at", "id"]
    csv_export = exports.PROGRAMME_EXPORT


class TargetedActivityViewSet(CuratedViewSet):
    queryset = TargetedActivity.objects.order_by("name", "id")
    serializer_class = s.TargetedActivitySerializer
    filterset_class = filtersets.TargetedActivityFilterSet
    ordering_fields = ["name", "since", "updated_at", "id"]
    ordering_aliases = DATE_ORDERING
    csv_export = exports.TARGETED_ACTIVITY_EXPORT


class EntityPartViewSet(CuratedViewSet):
    ordering_fields = ["id", "updated_at"]


class AliasViewSet(EntityPartViewSet):
    queryset = Alias.objects.select_related("entity").order_by("entity_id", "name", "id")
    serializer_class = s.AliasSerializer
    filterset_class = filtersets.AliasFilterSet
    csv_export = exports.ALIAS_EXPORT
    ordering_fields = ["name", "id", "updated_at"]


class EntityCountryViewSet(EntityPartViewSet):
    queryset = EntityCountry.objects.select_related("entity").order_by("entity_id", "country", "id")
    serializer_class = s.EntityCountrySerializer
    filterset_class = filtersets.EntityCountryFilterSet
    csv_export = exports.ENTITY_COUNTRY_EXPORT


class EntityDateViewSet(EntityPartViewSet):
    """Dates of birth or establishment: as precise as the source, ranges included."""

    queryset = EntityDate.objects.select_related("entity").order_by(
        "entity_id", "kind", *sort_key("date"), "id"
    )
    serializer_class = s.EntityDateSerializer
    filterset_class = filtersets.EntityDateFilterSet
    csv_export = exports.ENTITY_DATE_EXPORT
    ordering_fields = ["kind", "date", "id", "updated_at"]
    ordering_aliases = DATE_ORDERING


class AddressViewSet(EntityPartViewSet):
    queryset = Address.objects.select_related("entity").order_by("entity_id", "id")
    serializer_class = s.AddressSerializer
    filterset_class = filtersets.AddressFilterSet
    csv_export = exports.ADDRESS_EXPORT


class IdentifierViewSet(EntityPartViewSet):
    queryset = Identifier.objects.select_related("entity").order_by("entity_id", "scheme", "id")
    serializer_class = s.IdentifierSerializer
    filterset_class = filtersets.IdentifierFilterSet
    csv_export = exports.IDENTIFIER_EXPORT


class RelationshipViewSet(CuratedViewSet):
    queryset = Relationship.objects.select_related("subject", "object").order_by(
        "subject_id", "kind", "object_id", "id"
    )
    serializer_class = s.RelationshipSerializer
    filterset_class = filtersets.RelationshipFilterSet
    ordering_fields = ["kind", "started", "ended", "updated_at", "id"]
    ordering_aliases = DATE_ORDERING
    csv_export = exports.RELATIONSHIP_EXPORT


class HistoryEntrySerializer(serializers.Serializer):
    record_type = serializers.CharField()
    record_id = serializers.IntegerField()
    record = serializers.CharField()
    action = serializers.CharField(help_text="created, changed or deleted")
    at = serializers.DateTimeField()
    user = serializers.CharField()
    reason = serializers.CharField()
    changes = serializers.ListField(
        child=serializers.DictField(), help_text="[{field, before, after}]"
    )


def _part_queryset(related_name: str, *, detail: bool):
    """How the entity views load a part (by its related name); None for all of it."""
    if related_name == "dates":
        # Unknown dates last on every database (SQLite puts NULLs first).
        return EntityDate.objects.order_by("kind", *sort_key("date"), "id")
    if related_name == "designations":
        if not detail:  # lists only count the active designations
            return Designation.objects.only("id", "entity_id", *ACTIVE_FIELDS)
        return (
            Designation.objects.select_related("body", "programme__body")
            .prefetch_related("measures")
            .order_by(*sort_key("listed"), "id")
        )
    if related_name in ("relationships_out", "relationships_in"):
        return Relationship.objects.select_related("subject", "object")
    return None


class FtmRenderer(CSVRenderer):
    """Announces FollowTheMoney JSON lines (``?format=ftm``) for the entity list, which
    streams them itself (entities.ftm.export). A streamed export as the CSV is, so the CSV's
    rules apply to it (CsvListMixin): the export rate, and errors explained in JSON."""

    media_type = ftm.MEDIA_TYPE
    format = "ftm"
    openapi_description = (
        "every matching entity (not one page) as FollowTheMoney JSON lines, streamed: the "
        "entity, its addresses, documents, one Sanction per designation and its "
        "relationships; `Content-Disposition` names the file entities-YYYY-MM-DD.ftm.json."
    )


class EntityViewSet(CuratedViewSet):
    """Entities: parties of every kind. The detail holds everything about one.

    ``?format=ftm`` (or ``Accept: application/x-ndjson``) on the list streams the matching
    entities as FollowTheMoney JSON lines, under the same filters and the export rate."""

    queryset = Entity.objects.all()
    serializer_class = s.EntitySerializer
    filterset_class = filtersets.EntityFilterSet
    ordering_fields = ["name", "kind", "created_at", "updated_at", "id"]
    csv_export = exports.ENTITY_EXPORT

    # The parts a list shows (its designations only counted); the detail shows every part.
    LIST_PARTS = ("aliases", "countries", "dates", "designations")

    # Actions whose selectors load what they show (events.api.views adds the timeline).
    SELECTOR_ACTIONS = ("history",)

    def get_queryset(self):
        if self.action in self.SELECTOR_ACTIONS:
            return Entity.objects.all()
        detail = self.action == "retrieve"
        queryset = Entity.objects.order_by("name", "id").prefetch_related(
            *(
                Prefetch(name, queryset=_part_queryset(name, detail=detail))
                for part in PARTS
                if detail or part.name in self.LIST_PARTS
                for name in part.related_names
            )
        )
        if detail:
            queryset = queryset.prefetch_related(
                Prefetch("citations", queryset=Citation.objects.select_related("source"))
            )
        return queryset

    def get_serializer_class(self):
        return s.EntityDetailSerializer if self.action == "retrieve" else s.EntitySerializer

    # FollowTheMoney -----------------------------------------------------------------------
    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers.append(FtmRenderer())
        return renderers

    def _wants_ftm(self) -> bool:
        return isinstance(getattr(self.request, "accepted_renderer", None), FtmRenderer)

    def list(self, request, *args, **kwargs):
        if self._wants_ftm():
            if self.paginator is not None:  # the file holds every row; still checked
                self.paginator.get_page_size(request)
                self.paginator.check_page_parameter(request)
            return ftm.response(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, filter_backends=[])
    def history(self, request, pk=None):
        """The change history of the entity and of its parts, newest first: who, when, and
        the values before and after."""
        entity = self.get_object()
        entries = entity_history(entity)
        page = self.paginate_queryset(entries)
        data = HistoryEntrySerializer(page, many=True).data
        return self.get_paginated_response(data)


class CanChangeDesignations(BasePermission):
    def has_permission(self, request, view):
        return bool(
            request.user
            and request.user.is_authenticated
            and request.user.has_perm("entities.change_designation")
        )


class DesignationViewSet(CuratedViewSet):
    """Designations: a body listed an entity (under a programme). Never deleted: delisted, with
    POST /api/v1/designations/{id}/delist/ (a DELETE answers 405 and says so)."""

    queryset = (
        Designation.objects.select_related("entity", "body", "programme__body")
        .prefetch_related("measures", "targeted_activities")
        .order_by(*sort_key("listed"), "id")
    )
    serializer_class = s.DesignationSerializer
    filterset_class = filtersets.DesignationFilterSet
    ordering_fields = ["listed", "delisted", "updated_at", "created_at", "id"]
    ordering_aliases = DATE_ORDERING
    csv_export = exports.DESIGNATION_EXPORT
    # No DELETE: not offered (Allow, the browsable API, the OpenAPI document), and a 405 for
    # every caller, before any permission is checked.
    http_method_names = [m for m in CuratedViewSet.http_method_names if m != "delete"]

    def http_method_not_allowed(self, request, *args, **kwargs):
        """Called before any permission check (sanctions_tracker.api.negotiation)."""
        if request.method == "DELETE":
            pk = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            raise MethodNotAllowed(
                "DELETE",
                detail=(
                    "A designation is never deleted. To end it, POST "
                    f"/api/v1/designations/{pk or '{id}'}/delist/ with the date ('delisted') "
                    "and the source ('source', with 'quote' or 'locator')."
                ),
            )
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get_permissions(self):
        if self.action == "delist":
            return [CanChangeDesignations()]
        return super().get_permissions()

    @extend_schema(request=s.DelistSerializer, responses=s.DesignationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def delist(self, request, pk=None):
        """Delist the designation on a date (possibly unknown), citing the source that
        says so. The designation is kept, with its history."""
        designation = self.get_object()
        form = s.DelistSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        [delisted] = services.designations_delist(
            designations=[designation],
            user=request.user,
            **form.validated_data,
        )
        delisted = self.get_queryset().get(pk=delisted.pk)
        data = self.get_serializer(delisted).data
        return Response(data, status=status.HTTP_200_OK, headers={"ETag": etag_for(delisted)})
