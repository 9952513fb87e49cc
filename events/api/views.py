"""API views of events and participants, and the timeline of an entity."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from entities.api import views as entities
from entities.models import Designation
from events import exports, filtersets
from events.api import serializers as s
from events.models import Event, EventParticipant
from events.selectors import entity_timeline
from sanctions_tracker.api.views import CuratedViewSet
from sanctions_tracker.partial_dates import sort_key
from sources.models import Citation


class EventViewSet(CuratedViewSet):
    queryset = Event.objects.prefetch_related(
        Prefetch("participants", queryset=EventParticipant.objects.select_related("entity")),
        Prefetch(
            "designations",
            queryset=Designation.objects.select_related("entity", "body", "programme"),
        ),
        "targeted_activities",
        Prefetch("citations", queryset=Citation.objects.select_related("source")),
    ).order_by(*sort_key("occurred"), "id")
    serializer_class = s.EventSerializer
    filterset_class = filtersets.EventFilterSet
    ordering_fields = ["date", "kind", "title", "updated_at", "id"]
    ordering_aliases = {"date": ["occurred_earliest", "occurred_latest"]}
    csv_export = exports.EVENT_EXPORT


class EventParticipantViewSet(CuratedViewSet):
    queryset = EventParticipant.objects.select_related("event", "entity").order_by(
        "event_id", "role", "id"
    )
    serializer_class = s.EventParticipantSerializer
    filterset_class = filtersets.EventParticipantFilterSet
    csv_export = exports.EVENT_PARTICIPANT_EXPORT
    ordering_fields = ["role", "id"]


class EntityViewSet(entities.EntityViewSet):
    # The entity resource of entities.api with its timeline, which reads events: events
    # may import entities, not the other way round. The API registers this one.
    __doc__ = entities.EntityViewSet.__doc__
    SELECTOR_ACTIONS = (*entities.EntityViewSet.SELECTOR_ACTIONS, "timeline")

    @extend_schema(responses=s.TimelineItemSerializer(many=True))
    @action(detail=True, filter_backends=[], pagination_class=None)
    def timeline(self, request, pk=None):
        """Designations, delistings and events of the entity in date order; partial dates by
        their first then last possible day; unknown dates last."""
        entity = self.get_object()
        items = entity_timeline(entity)
        data = s.TimelineItemSerializer(items, many=True, context={"request": request}).data
        return Response(data)
