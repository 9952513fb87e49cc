"""API views of events and participants."""

from django.db.models import Prefetch

from entities.models import Designation
from events import exports, filtersets
from events.api import serializers as s
from events.models import Event, EventParticipant
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
