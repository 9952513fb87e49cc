"""Admin for events and their participants."""

from django.contrib import admin
from django.db.models import Count, F

from events import exports
from events.models import Event, EventParticipant
from sanctions_tracker.admin_base import CuratedAdmin, CuratedTabularInline
from sources.admin_inlines import citation_inline


class ParticipantInline(CuratedTabularInline):
    model = EventParticipant
    fields = ["entity", "role", "description"]
    autocomplete_fields = ["entity"]


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ["title", "kind", "date_display", "country", "participant_count"]
    list_filter = ["kind", "country", "occurred_precision"]
    search_fields = ["title", "description", "participants__entity__name"]
    autocomplete_fields = ["designations", "targeted_activities"]
    fields = [
        "kind",
        "title",
        "occurred",
        "country",
        "description",
        "designations",
        "targeted_activities",
    ]
    # Explicit: the count annotation groups the query, which drops Meta.ordering.
    ordering = [F("occurred_earliest").asc(nulls_last=True), "occurred_latest", "id"]
    csv_export = exports.EVENT_EXPORT
    inlines = [ParticipantInline, citation_inline("event")]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participant_total=Count("participants"))

    @admin.display(description="date", ordering="occurred_earliest")
    def date_display(self, obj):
        return str(obj.occurred)

    @admin.display(description="participants", ordering="participant_total")
    def participant_count(self, obj):
        return obj.participant_total


@admin.register(EventParticipant)
class EventParticipantAdmin(CuratedAdmin):
    list_display = ["entity", "role", "event"]
    list_select_related = ["entity", "event"]
    list_filter = ["role"]
    search_fields = ["entity__name", "event__title"]
    autocomplete_fields = ["entity", "event"]
    inlines = [citation_inline("event_participant")]
