"""Changelist filters for entities and designations.

They apply the API's FilterSets (``entities/filtersets.py``), so that the admin, its CSV
export and the API answer the same question the same way.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef
from django_countries import countries
from rest_framework.exceptions import ValidationError

from entities.filtersets import DesignationFilterSet, EntityFilterSet
from entities.models import Body, Designation, EntityCountry, Programme


class FilterSetListFilter(admin.SimpleListFilter):
    """A list filter that applies one filter of a FilterSet to the changelist."""

    filterset_class = None
    filter_name = ""

    def queryset(self, request, queryset):
        value = self.value()
        if value in (None, ""):
            return queryset
        name = self.filter_name or self.parameter_name
        filter_ = self.filterset_class(data={name: value}, queryset=queryset).filters[name]
        try:
            return filter_.filter(queryset, filter_.field.clean(value))
        except (DjangoValidationError, ValidationError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class EntityCountryFilter(FilterSetListFilter):
    title = "country"
    parameter_name = "country"
    filterset_class = EntityFilterSet

    def lookups(self, request, model_admin):
        codes = EntityCountry.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((c, f"{c} {countries.name(c)}") for c in codes), key=lambda x: x[0])


class DesignatingBodyFilter(FilterSetListFilter):
    title = "designated by (active)"
    parameter_name = "body"
    filterset_class = EntityFilterSet

    def lookups(self, request, model_admin):
        bodies = Body.objects.filter(Exists(Designation.objects.filter(body=OuterRef("pk"))))
        return [(b.code, b.code) for b in bodies]


class DesignationProgrammeFilter(FilterSetListFilter):
    title = "designated under (active)"
    parameter_name = "programme"
    filterset_class = EntityFilterSet
    filter_name = "programme_id"

    def lookups(self, request, model_admin):
        programmes = Programme.objects.select_related("body").filter(
            Exists(Designation.objects.filter(programme=OuterRef("pk")))
        )
        return [(p.pk, str(p)) for p in programmes]


class DesignatedFilter(admin.SimpleListFilter):
    title = "designation status"
    parameter_name = "designated"

    def lookups(self, request, model_admin):
        return [
            ("active", "has an active designation"),
            ("delisted", "delisted from everything"),
            ("never", "never designated"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "active":
            return queryset.designated()
        any_designation = Exists(Designation.objects.filter(entity=OuterRef("pk")))
        if value == "delisted":
            return queryset.filter(any_designation).exclude(
                pk__in=queryset.designated().values("pk")
            )
        if value == "never":
            return queryset.exclude(any_designation)
        return queryset


class DesignationStatusFilter(FilterSetListFilter):
    title = "status"
    parameter_name = "status"
    filterset_class = DesignationFilterSet

    def lookups(self, request, model_admin):
        return [("active", "active"), ("delisted", "delisted")]


class DesignationCountryFilter(EntityCountryFilter):
    title = "entity's country"
    parameter_name = "entity_country"
    filterset_class = DesignationFilterSet
    filter_name = "country"
