"""Admin for analysts: entities with everything about them inline, designations with the
delist action, and the reference records."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.template.response import TemplateResponse

from entities import exports, services
from entities.admin_filters import (
    DesignatedFilter,
    DesignatingBodyFilter,
    DesignationCountryFilter,
    DesignationProgrammeFilter,
    DesignationStatusFilter,
    EntityCountryFilter,
)
from entities.admin_history import entity_history_view
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
from entities.querysets import name_search_q
from sanctions_tracker.admin_base import CuratedAdmin, CuratedTabularInline
from sanctions_tracker.forms import PartialDateFormField
from sources.admin_inlines import citation_inline
from sources.models import Citation, Source


@admin.register(Body)
class BodyAdmin(CuratedAdmin):
    list_display = ["code", "name", "jurisdiction", "parent", "imposes_sanctions"]
    list_select_related = ["parent"]
    list_filter = ["imposes_sanctions", "jurisdiction"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent", "entity"]
    csv_export = exports.BODY_EXPORT
    inlines = [citation_inline("body")]


@admin.register(Programme)
class ProgrammeAdmin(CuratedAdmin):
    list_display = ["code", "name", "body", "status"]
    list_select_related = ["body"]
    list_filter = ["status", "body"]
    search_fields = ["code", "name", "body__code"]
    autocomplete_fields = ["body", "targeted_activities"]
    csv_export = exports.PROGRAMME_EXPORT
    inlines = [citation_inline("programme")]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    """The fixed vocabulary of DOMAIN.md: readable and searchable, not editable."""

    list_display = ["code", "name", "description"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TargetedActivity)
class TargetedActivityAdmin(CuratedAdmin):
    list_display = ["name", "country", "since_display"]
    list_filter = ["country"]
    search_fields = ["name", "description"]
    csv_export = exports.TARGETED_ACTIVITY_EXPORT
    inlines = [citation_inline("targeted_activity")]

    @admin.display(description="since", ordering="since_earliest")
    def since_display(self, obj):
        return str(obj.since)


class AliasInline(CuratedTabularInline):
    model = Alias
    fields = ["name", "kind", "is_weak", "language", "script"]


class EntityCountryInline(CuratedTabularInline):
    model = EntityCountry
    fields = ["country", "role"]


class EntityDateInline(CuratedTabularInline):
    model = EntityDate
    fields = ["kind", "date", "approximate"]


class AddressInline(CuratedTabularInline):
    model = Address
    fields = ["street", "city", "region", "postal_code", "country", "full"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class IdentifierInline(CuratedTabularInline):
    model = Identifier
    fields = ["scheme", "value", "country", "label"]


class DesignationInline(CuratedTabularInline):
    """Designations are edited here but never deleted: delist them instead."""

    model = Designation
    fk_name = "entity"
    fields = ["body", "programme", "listed", "delisted", "measures", "reference"]
    autocomplete_fields = ["body", "programme", "measures"]
    can_delete = False


class RelationshipOutInline(CuratedTabularInline):
    model = Relationship
    fk_name = "subject"
    verbose_name = "relationship (this entity is the subject)"
    verbose_name_plural = "relationships from this entity"
    fields = ["kind", "object", "started", "ended", "description"]
    autocomplete_fields = ["object"]


class RelationshipInInline(CuratedTabularInline):
    model = Relationship
    fk_name = "object"
    verbose_name = "relationship (this entity is the object)"
    verbose_name_plural = "relationships to this entity"
    fields = ["subject", "kind", "started", "ended", "description"]
    autocomplete_fields = ["subject"]


@admin.register(Entity)
class EntityAdmin(CuratedAdmin):
    list_display = ["name", "kind", "country_codes", "active_designations", "updated_at"]
    list_filter = [
        "kind",
        EntityCountryFilter,
        DesignatingBodyFilter,
        DesignationProgrammeFilter,
        DesignatedFilter,
    ]
    search_fields = ["name"]  # get_search_results folds and searches every alias too
    search_help_text = (
        "Any name or alias, or an identifier's value; case, accents and punctuation are folded."
    )
    fields = ["kind", "name", "name_is_description", "notes"]
    # Explicit: the count annotation groups the query, which drops Meta.ordering.
    ordering = ["name", "id"]
    csv_export = exports.ENTITY_EXPORT
    inlines = [
        AliasInline,
        EntityCountryInline,
        EntityDateInline,
        AddressInline,
        IdentifierInline,
        DesignationInline,
        RelationshipOutInline,
        RelationshipInInline,
        citation_inline("entity"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("countries")
            .annotate(
                active_designation_count=Count(
                    "designations", filter=Q(designations__delisted_precision="")
                )
            )
        )

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        by_identifier = Exists(
            Identifier.objects.filter(entity=OuterRef("pk"), value__iexact=search_term.strip())
        )
        by_name = name_search_q(search_term)
        return queryset.filter(by_identifier if by_name is None else by_name | by_identifier), False

    def history_view(self, request, object_id, extra_context=None):
        """One timeline of the entity and all its parts: the rows of the API's /history/."""
        return entity_history_view(self, request, object_id, extra_context)

    @admin.display(description="countries")
    def country_codes(self, obj):
        return ", ".join(sorted({c.country.code for c in obj.countries.all()}))

    @admin.display(description="active designations", ordering="active_designation_count")
    def active_designations(self, obj):
        return obj.active_designation_count


class CuratedChildAdmin(CuratedAdmin):
    """Rows that belong to an entity, also reachable on their own (history, citations)."""

    list_select_related = ["entity"]
    autocomplete_fields = ["entity"]


@admin.register(Alias)
class AliasAdmin(CuratedChildAdmin):
    list_display = ["name", "entity", "kind", "is_weak", "script"]
    list_filter = ["kind", "is_weak"]
    search_fields = ["name", "name_folded", "entity__name"]
    inlines = [citation_inline("alias")]


@admin.register(EntityCountry)
class EntityCountryAdmin(CuratedChildAdmin):
    list_display = ["entity", "country", "role"]
    list_filter = ["role", "country"]
    search_fields = ["entity__name", "country"]
    inlines = [citation_inline("entity_country")]


@admin.register(EntityDate)
class EntityDateAdmin(CuratedChildAdmin):
    list_display = ["entity", "kind", "date_display", "approximate"]
    list_filter = ["kind", "approximate"]
    search_fields = ["entity__name", "date_text"]
    inlines = [citation_inline("entity_date")]

    @admin.display(description="date", ordering="date_earliest")
    def date_display(self, obj):
        return str(obj.date)


@admin.register(Address)
class AddressAdmin(CuratedChildAdmin):
    list_display = ["entity", "city", "country", "full"]
    list_filter = ["country"]
    search_fields = ["entity__name", "city", "street", "full"]
    inlines = [citation_inline("address")]


@admin.register(Identifier)
class IdentifierAdmin(CuratedChildAdmin):
    list_display = ["value", "scheme", "country", "entity"]
    list_filter = ["scheme", "country"]
    search_fields = ["value", "entity__name"]
    inlines = [citation_inline("identifier")]


@admin.register(Relationship)
class RelationshipAdmin(CuratedAdmin):
    list_display = ["subject", "kind", "object", "started_display", "ended_display"]
    list_select_related = ["subject", "object"]
    list_filter = ["kind"]
    search_fields = ["subject__name", "object__name", "description"]
    autocomplete_fields = ["subject", "object"]
    csv_export = exports.RELATIONSHIP_EXPORT
    inlines = [citation_inline("relationship")]

    @admin.display(description="started", ordering="started_earliest")
    def started_display(self, obj):
        return str(obj.started)

    @admin.display(description="ended", ordering="ended_earliest")
    def ended_display(self, obj):
        return str(obj.ended)


class DelistForm(forms.Form):
    """What delisting needs: when (possibly unknown), and the source that says so."""

    delisted = PartialDateFormField(required_date=False, label="Delisted on")
    source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        widget=AutocompleteSelect(Citation._meta.get_field("source"), admin.site),
    )
    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    locator = forms.CharField(required=False, help_text="Page, paragraph or list entry.")

    def clean(self):
        cleaned = super().clean()
        delisted = cleaned.get("delisted")
        if delisted is not None and not delisted.is_set:
            self.add_error("delisted", "Give the delisting date, or 'unknown'.")
        if not cleaned.get("quote", "").strip() and not cleaned.get("locator", "").strip():
            raise ValidationError("Give the source's words (quote) or a locator.")
        return cleaned


class ProgrammeListFilter(admin.RelatedFieldListFilter):
    """Programmes are shown as "BODY CODE": load their bodies in the same query."""

    def field_choices(self, field, request, model_admin):
        return [(p.pk, str(p)) for p in Programme.objects.select_related("body")]


@admin.register(Designation)
class DesignationAdmin(CuratedAdmin):
    list_display = [
        "entity",
        "body",
        "programme",
        "listed_display",
        "status_display",
        "delisted_display",
        "reference",
    ]
    list_select_related = ["entity", "body", "programme__body"]
    list_filter = [
        DesignationStatusFilter,
        "body",
        ("programme", ProgrammeListFilter),
        "entity__kind",
        DesignationCountryFilter,
    ]
    search_fields = ["entity__name_folded", "reference", "body__code", "programme__code"]
    autocomplete_fields = ["entity", "body", "programme", "measures", "targeted_activities"]
    fields = [
        "entity",
        "body",
        "programme",
        "listed",
        "delisted",
        "measures",
        "measures_text",
        "reason",
        "reference",
        "targeted_activities",
        "notes",
    ]
    csv_export = exports.DESIGNATION_EXPORT
    actions = ["delist", "export_csv"]
    inlines = [citation_inline("designation")]

    def has_delete_permission(self, request, obj=None):
        return False  # a designation ends by delisting, never by deletion

    def get_search_results(self, request, queryset, search_term):
        from sanctions_tracker.text import fold

        return super().get_search_results(request, queryset, fold(search_term) or search_term)

    @admin.display(description="listed", ordering="listed_earliest")
    def listed_display(self, obj):
        return str(obj.listed)

    @admin.display(description="delisted", ordering="delisted_earliest")
    def delisted_display(self, obj):
        return str(obj.delisted)

    @admin.display(description="status", ordering="delisted_precision")
    def status_display(self, obj):
        return obj.status

    @admin.action(description="Delist the selected designations (with a date and a source)")
    def delist(self, request, queryset):
        if "apply" in request.POST:
            form = DelistForm(request.POST)
            if form.is_valid():
                try:
                    delisted = services.designations_delist(
                        designations=queryset,
                        delisted=form.cleaned_data["delisted"],
                        source=form.cleaned_data["source"],
                        quote=form.cleaned_data["quote"],
                        locator=form.cleaned_data["locator"],
                        user=request.user,
                    )
                except ValidationError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    self.message_user(
                        request,
                        f"Delisted {len(delisted)} designation(s) on "
                        f"{form.cleaned_data['delisted']}.",
                        messages.SUCCESS,
                    )
                    return None
        else:
            form = DelistForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Delist designations",
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
            "designations": queryset.select_related("entity", "body", "programme"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/entities/designation/delist.html", context)
