"""Serializers of events and participants, and of an entity's timeline."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Event, EventParticipant
from sanctions_tracker.api.fields import BRIEF_SCHEMA, PartialDateField, brief
from sanctions_tracker.api.serializers import CuratedModelSerializer, LabelledChoiceField
from sources.api.nested import NestedCitationSerializer

AUDIT = CuratedModelSerializer.AUDIT_FIELDS


class NestedParticipantSerializer(serializers.ModelSerializer):
    serializer_choice_field = LabelledChoiceField

    entity = serializers.SerializerMethodField()

    class Meta:
        model = EventParticipant
        fields = ["id", "entity", "role", "description"]

    @extend_schema_field(BRIEF_SCHEMA)
    def get_entity(self, participant):
        return brief(participant.entity, "entity-detail", self.context.get("request"))


class EventSerializer(CuratedModelSerializer):
    """An event; ``date`` is partial. Participants are written at /event-participants/."""

    date = PartialDateField(source="occurred", required_date=True)
    participants = NestedParticipantSerializer(many=True, read_only=True)
    citations = NestedCitationSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            *AUDIT,
            "kind",
            "title",
            "date",
            "country",
            "description",
            "participants",
            "designations",
            "targeted_activities",
            "citations",
        ]


class EventParticipantSerializer(CuratedModelSerializer):
    class Meta:
        model = EventParticipant
        fields = [*AUDIT, "event", "entity", "role", "description"]


# One item of an entity's timeline (events.selectors.TimelineItem). No docstring: it would
# become the schema component's description.
class TimelineItemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="designation, delisting or event")
    date = PartialDateField()
    title = serializers.CharField()
    designation = serializers.SerializerMethodField()
    event = serializers.SerializerMethodField()
    event_kind = serializers.SerializerMethodField()
    roles = serializers.ListField(child=serializers.CharField())

    def get_designation(self, item) -> dict | None:
        return brief(item.designation, "designation-detail", self.context.get("request"))

    def get_event(self, item) -> dict | None:
        return brief(item.event, "event-detail", self.context.get("request"))

    def get_event_kind(self, item) -> str | None:
        return item.event.kind if item.event else None
