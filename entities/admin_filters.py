"""Changelist filters for entities and designations (the same questions as the API's)."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django_countries import countries

from entities.models import Body, Designation, EntityCountry, Programme


class EntityCountryFilter(admin.SimpleListFilter):
    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = EntityCountry.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((c, f"{c} {countries.name(c)}") for c in codes), key=lambda x: x[0])

    def queryset(self, request, queryset):
        return queryset.in_country(self.value()) if self.value() else queryset


class DesignatingBodyFilter(admin.SimpleListFilter):
    title = "designated by (active)"
    parameter_name = "body"

    def lookups(self, request, model_admin):
        bodies = Body.objects.filter(Exists(Designation.objects.filter(body=OuterRef("pk"))))
        return [(b.code, b.code) for b in bodies]

    def queryset(self, request, queryset):
        return queryset.designated_by(self.value()) if self.value() else queryset


class DesignationProgrammeFilter(admin.SimpleListFilter):
    title = "designated under (active)"
    parameter_name = "programme"

    def lookups(self, request, model_admin):
        programmes = Programme.objects.select_related("body").filter(
            Exists(Designation.objects.filter(programme=OuterRef("pk")))
        )
        return [(p.pk, str(p)) for p in programmes]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.designated_under(Programme.objects.filter(pk=self.value()).first())


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


class DesignationStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "active"), ("delisted", "delisted")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "delisted":
            return queryset.delisted()
        return queryset


class DesignationCountryFilter(EntityCountryFilter):
    title = "entity's country"
    parameter_name = "entity_country"

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(
            Exists(EntityCountry.objects.filter(entity=OuterRef("entity"), country=self.value()))
        )
