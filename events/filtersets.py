"""The FilterSets of events and their participants."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from entities.models import Entity
from events.choices import EventKind, ParticipantRole
from events.models import Event, EventParticipant
from sanctions_tracker.api.filters import (
    FilterSet,
    IdFilter,
    PartialDateRangeFilter,
    country_code_parameter,
    entity_lookup,
)


class EventFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    entity = django_filters.CharFilter(
        method="filter_entity",
        help_text="The entity (id or uid) takes part, or is the target of a linked designation.",
    )
    country = django_filters.CharFilter(method="filter_country", help_text="Where it happened.")
    date_after = PartialDateRangeFilter(date_name="occurred", bound="after")
    date_before = PartialDateRangeFilter(date_name="occurred", bound="before")
    q = django_filters.CharFilter(method="filter_q", help_text="In the title or description.")

    class Meta:
        model = Event
        fields = []

    def filter_entity(self, queryset, name, value):
        entities = Entity.objects.filter(entity_lookup(name, value)).values("pk")
        return queryset.filter(
            Exists(EventParticipant.objects.filter(event=OuterRef("pk"), entity__in=entities))
            | Exists(
                Event.designations.through.objects.filter(
                    event=OuterRef("pk"), designation__entity__in=entities
                )
            )
        )

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=country_code_parameter(name, value))

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class EventParticipantFilterSet(FilterSet):
    event_id = IdFilter(field_name="event_id")
    entity = django_filters.CharFilter(method="filter_entity", help_text="Its id or uid.")
    role = django_filters.ChoiceFilter(choices=ParticipantRole.choices)

    class Meta:
        model = EventParticipant
        fields = []

    def filter_entity(self, queryset, name, value):
        return queryset.filter(entity__in=Entity.objects.filter(entity_lookup(name, value)))
