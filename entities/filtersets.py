"""One FilterSet per resource, shared by the API list, its CSV export and the admin export.

The filters call the querysets' domain reads (``designated_by``, ``in_country``, ``active``),
so the admin's list filters and the API answer the same question the same way.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from entities.choices import (
    AliasKind,
    CountryRole,
    DesignationStatus,
    EntityDateKind,
    EntityKind,
    IdentifierScheme,
    ProgrammeStatus,
    RelationshipKind,
)
from entities.models import (
    Address,
    Alias,
    Body,
    Designation,
    Entity,
    EntityCountry,
    EntityDate,
    Identifier,
    Programme,
    Relationship,
    TargetedActivity,
)
from sanctions_tracker.api.filters import (
    FilterSet,
    IdFilter,
    IsoDateFilter,
    IsoDateTimeFilter,
    PartialDateRangeFilter,
    StrictBooleanFilter,
    country_code_parameter,
    entity_lookup,
    refuse,
)
from sanctions_tracker.partial_dates import overlaps


def body_by_code(parameter: str, value: str) -> Body:
    body = Body.objects.filter(code=value.strip().upper()).first()
    if body is None:
        refuse(parameter, f"No body has the code {value!r} (e.g. US-DOS, US-OFAC, UN-SC).")
    return body


def programmes_by_code(parameter: str, value: str):
    """Programmes with this code; ``BODY:CODE`` picks one body's."""
    body_code, _, code = value.strip().rpartition(":")
    programmes = Programme.objects.filter(code=code)
    if body_code:
        programmes = programmes.filter(body__code=body_code.upper())
    if not programmes.exists():
        refuse(parameter, f"No programme has the code {value!r} (e.g. NPWMD or US-OFAC:NPWMD).")
    return programmes


class EntityFilterSet(FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        help_text="Any name or alias contains this; case, accents, punctuation, common "
        "abbreviations and legal-form words are folded.",
    )
    kind = django_filters.ChoiceFilter(choices=EntityKind.choices)
    country = django_filters.CharFilter(
        method="filter_country", help_text="ISO 3166-1 alpha-2 code, in any role."
    )
    body = django_filters.CharFilter(
        method="filter_body", help_text="Has an active designation by this body (its code)."
    )
    body_id = IdFilter(
        method="filter_body_id", help_text="Has an active designation by this body (its id)."
    )
    programme = django_filters.CharFilter(
        method="filter_programme",
        help_text="Has an active designation under this programme (code, or BODY:CODE).",
    )
    programme_id = IdFilter(
        method="filter_programme_id", help_text="Has an active designation under it (its id)."
    )
    designated = StrictBooleanFilter(
        method="filter_designated", help_text="true: has an active designation; false: has none."
    )
    active_on = IsoDateFilter(
        method="filter_active_on",
        help_text="Known to be designated on this day (YYYY-MM-DD).",
    )
    identifier = django_filters.CharFilter(
        method="filter_identifier", help_text="Has an identifier with this value (any case)."
    )
    birth_date_after = IsoDateFilter(
        method="filter_birth_date",
        help_text="Has a date of birth that may fall on or after this day (YYYY-MM-DD); with "
        "birth_date_before, the same date must fall in both.",
    )
    birth_date_before = IsoDateFilter(
        method="filter_birth_date",
        help_text="Has a date of birth that may fall on or before this day (YYYY-MM-DD).",
    )
    changed_since = IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after this time."
    )

    class Meta:
        model = Entity
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_country(self, queryset, name, value):
        return queryset.in_country(country_code_parameter(name, value))

    def filter_body(self, queryset, name, value):
        return queryset.designated_by(body_by_code(name, value))

    def filter_body_id(self, queryset, name, value):
        return queryset.filter(
            Exists(Designation.objects.active().filter(entity=OuterRef("pk"), body_id=value))
        )

    def filter_programme(self, queryset, name, value):
        programmes = programmes_by_code(name, value)
        return queryset.filter(
            Exists(
                Designation.objects.active().filter(entity=OuterRef("pk"), programme__in=programmes)
            )
        )

    def filter_programme_id(self, queryset, name, value):
        return queryset.filter(
            Exists(Designation.objects.active().filter(entity=OuterRef("pk"), programme_id=value))
        )

    def filter_designated(self, queryset, name, value):
        designated = queryset.designated().values("pk")
        return queryset.filter(pk__in=designated) if value else queryset.exclude(pk__in=designated)

    def filter_active_on(self, queryset, name, value):
        return queryset.designated(on=value)

    def filter_identifier(self, queryset, name, value):
        return queryset.filter(
            Exists(Identifier.objects.filter(entity=OuterRef("pk"), value__iexact=value.strip()))
        )

    def filter_birth_date(self, queryset, name, value):
        """Both bounds apply to one and the same date of birth: a person born "1950" with
        an alternative "1980" is not born between 1960 and 1970."""
        after = self.form.cleaned_data.get("birth_date_after")
        before = self.form.cleaned_data.get("birth_date_before")
        if name == "birth_date_before" and after is not None:
            return queryset  # applied with birth_date_after
        births = EntityDate.objects.filter(entity=OuterRef("pk"), kind=EntityDateKind.BIRTH)
        return queryset.filter(Exists(births.filter(overlaps("date", after, before))))


class DesignationFilterSet(FilterSet):
    body = django_filters.CharFilter(method="filter_body", help_text="The body's code.")
    body_id = IdFilter(field_name="body_id")
    programme = django_filters.CharFilter(
        method="filter_programme", help_text="The programme's code, or BODY:CODE."
    )
    programme_id = IdFilter(field_name="programme_id")
    entity = django_filters.CharFilter(method="filter_entity", help_text="The entity's id or uid.")
    entity_id = IdFilter(field_name="entity_id")
    status = django_filters.ChoiceFilter(choices=DesignationStatus.choices, method="filter_status")
    country = django_filters.CharFilter(
        method="filter_country", help_text="The entity's country (ISO 3166-1 alpha-2)."
    )
    active_on = IsoDateFilter(
        method="filter_active_on", help_text="Known to be in force on this day (YYYY-MM-DD)."
    )
    listed_after = PartialDateRangeFilter(date_name="listed", bound="after")
    listed_before = PartialDateRangeFilter(date_name="listed", bound="before")
    delisted_after = PartialDateRangeFilter(date_name="delisted", bound="after")
    delisted_before = PartialDateRangeFilter(date_name="delisted", bound="before")

    class Meta:
        model = Designation
        fields = []

    def filter_body(self, queryset, name, value):
        return queryset.filter(body=body_by_code(name, value))

    def filter_programme(self, queryset, name, value):
        return queryset.filter(programme__in=programmes_by_code(name, value))

    def filter_entity(self, queryset, name, value):
        return queryset.filter(
            Exists(Entity.objects.filter(entity_lookup(name, value), pk=OuterRef("entity_id")))
        )

    def filter_status(self, queryset, name, value):
        return queryset.active() if value == DesignationStatus.ACTIVE else queryset.delisted()

    def filter_country(self, queryset, name, value):
        code = country_code_parameter(name, value)
        return queryset.filter(
            Exists(EntityCountry.objects.filter(entity=OuterRef("entity_id"), country=code))
        )

    def filter_active_on(self, queryset, name, value):
        return queryset.active(on=value)


class BodyFilterSet(FilterSet):
    jurisdiction = django_filters.CharFilter(
        method="filter_jurisdiction",
        help_text="ISO 3166-1 alpha-2 code (or EU), or 'international'.",
    )
    q = django_filters.CharFilter(method="filter_q", help_text="In the code or the names.")

    class Meta:
        model = Body
        fields = []

    def filter_jurisdiction(self, queryset, name, value):
        if value.strip().lower() == "international":
            return queryset.filter(jurisdiction="")
        return queryset.filter(jurisdiction=country_code_parameter(name, value))

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(short_name__icontains=value)
        )


class ProgrammeFilterSet(FilterSet):
    body = django_filters.CharFilter(method="filter_body", help_text="The body's code.")
    body_id = IdFilter(field_name="body_id")
    status = django_filters.ChoiceFilter(choices=ProgrammeStatus.choices)
    q = django_filters.CharFilter(method="filter_q", help_text="In the code or the name.")

    class Meta:
        model = Programme
        fields = []

    def filter_body(self, queryset, name, value):
        return queryset.filter(body=body_by_code(name, value))

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class TargetedActivityFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_q", help_text="In the name or description.")
    country = django_filters.CharFilter(method="filter_country")

    class Meta:
        model = TargetedActivity
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=country_code_parameter(name, value))


class RelationshipFilterSet(FilterSet):
    entity = django_filters.CharFilter(
        method="filter_entity", help_text="Either side is this entity (id or uid)."
    )
    kind = django_filters.ChoiceFilter(choices=RelationshipKind.choices)

    class Meta:
        model = Relationship
        fields = []

    def filter_entity(self, queryset, name, value):
        entities = Entity.objects.filter(entity_lookup(name, value)).values("pk")
        return queryset.filter(Q(subject__in=entities) | Q(object__in=entities))


class EntityPartFilterSet(FilterSet):
    """The parts of an entity (aliases, countries, dates, addresses, identifiers): by entity."""

    entity = django_filters.CharFilter(method="filter_entity", help_text="Its id or uid.")
    entity_id = IdFilter(field_name="entity_id")

    def filter_entity(self, queryset, name, value):
        return queryset.filter(entity__in=Entity.objects.filter(entity_lookup(name, value)))


class AliasFilterSet(EntityPartFilterSet):
    kind = django_filters.ChoiceFilter(choices=AliasKind.choices)
    is_weak = StrictBooleanFilter()
    q = django_filters.CharFilter(method="filter_q", help_text="The alias contains this (folded).")

    class Meta:
        model = Alias
        fields = []

    def filter_q(self, queryset, name, value):
        from sanctions_tracker.text import fold

        return queryset.filter(name_folded__contains=fold(value))


class EntityCountryFilterSet(EntityPartFilterSet):
    country = django_filters.CharFilter(method="filter_country")
    role = django_filters.ChoiceFilter(choices=CountryRole.choices)

    class Meta:
        model = EntityCountry
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=country_code_parameter(name, value))


class EntityDateFilterSet(EntityPartFilterSet):
    kind = django_filters.ChoiceFilter(choices=EntityDateKind.choices)
    date_after = PartialDateRangeFilter(date_name="date", bound="after")
    date_before = PartialDateRangeFilter(date_name="date", bound="before")
    approximate = StrictBooleanFilter()

    class Meta:
        model = EntityDate
        fields = []


class AddressFilterSet(EntityPartFilterSet):
    country = django_filters.CharFilter(method="filter_country")

    class Meta:
        model = Address
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=country_code_parameter(name, value))


class IdentifierFilterSet(EntityPartFilterSet):
    scheme = django_filters.ChoiceFilter(choices=IdentifierScheme.choices)
    value = django_filters.CharFilter(field_name="value", lookup_expr="iexact")
    country = django_filters.CharFilter(method="filter_country")

    class Meta:
        model = Identifier
        fields = []

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=country_code_parameter(name, value))
