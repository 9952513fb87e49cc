"""Admin for analysts: entities with everything about them inline, designations with the
delist action, and the reference records."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from entities import exports, services
from entities.active import active_q
from entities.admin_filters import (
    DesignatedFilter,
    DesignatingBodyFilter,
    DesignationCountryFilter,
    DesignationProgrammeFilter,
    DesignationStatusFilter,
    EntityCountryFilter,
)
from entities.admin_history import entity_history_view
from entities.choices import DesignationStatus
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
from entities.querysets import name_search_q
from sanctions_tracker import admin_search
from sanctions_tracker.admin_base import CuratedAdmin, CuratedTabularInline
from sanctions_tracker.forms import PARTIAL_DATE_COLUMNS, PartialDateFormField, curated_form_for
from sources.admin_inlines import citation_inline
from sources.models import Citation, Source, require_quote_or_locator


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


class DesignationForm(curated_form_for(Designation)):
    """A designation's form, on its page and in the entity's inline: ``delisted`` is not a
    field of it. A designation is delisted only with its date and its source, on its delist
    page or by the changelist's action (both call ``designations_delist``); a new one is
    active.

    The delisting's columns are still validated as they are: the rule of one active
    designation per programme reads them.
    """

    delisted = None  # no form field: nothing posted can set or clear a delisting

    def _get_validation_exclusions(self):
        columns = {f"delisted_{column}" for column in PARTIAL_DATE_COLUMNS}
        return super()._get_validation_exclusions() - columns

    def _update_errors(self, errors):
        """Errors about the delisting (a listing moved after it) have no field here."""
        if hasattr(errors, "error_dict"):
            remapped: dict[str, list] = {}
            for key, messages in errors.error_dict.items():
                target = NON_FIELD_ERRORS if key.startswith("delisted") else key
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)


def delisted_with_link(designation) -> str:
    """The delisting, read-only; for an active designation, the link to its delist page."""
    if designation.pk is None:
        return "Active: a new designation is delisted later, on its page, with its source."
    if not designation.is_active:
        return str(designation.delisted)
    url = reverse("admin:entities_designation_delist", args=[designation.pk])
    return format_html('Active. <a href="{}">Delist it</a> with the date and the source.', url)


class DesignationInline(CuratedTabularInline):
    """Designations are edited here but never deleted, nor delisted: each active one links
    to its delist page."""

    model = Designation
    form = DesignationForm
    fk_name = "entity"
    fields = ["body", "programme", "listed", "delisted", "measures", "reference"]
    readonly_fields = ["delisted"]
    autocomplete_fields = ["body", "programme", "measures"]
    can_delete = False

    @admin.display(description="delisted")
    def delisted(self, obj):
        return delisted_with_link(obj)


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


# The inline of each part of an entity, by its related name on Entity.
PART_INLINES = {
    "aliases": AliasInline,
    "countries": EntityCountryInline,
    "dates": EntityDateInline,
    "addresses": AddressInline,
    "identifiers": IdentifierInline,
    "designations": DesignationInline,
    "relationships_out": RelationshipOutInline,
    "relationships_in": RelationshipInInline,
}


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
    # Every part of the entity (entities.parts), then the citations of the entity itself.
    inlines = [
        *(PART_INLINES[name] for part in PARTS for name in part.related_names),
        citation_inline("entity"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("countries")
            .annotate(
                active_designation_count=Count("designations", filter=active_q("designations"))
            )
        )

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        by_identifier = Exists(
            Identifier.objects.filter(entity=OuterRef("pk"), value__iexact=search_term.strip())
        )
        by_name = name_search_q(search_term)
        found = queryset.filter(by_identifier if by_name is None else by_name | by_identifier)
        if found.exists():
            return found, False
        # Nothing exact: names like it, from whichever app proposes them (screening).
        similar = admin_search.fallback(self.model, search_term)
        request.search_fell_back = True
        return queryset.filter(pk__in=similar), False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        # The page renders after this returns: the message shows on it.
        changelist = getattr(response, "context_data", {}).get("cl")
        if getattr(request, "search_fell_back", False) and changelist and changelist.result_count:
            message = admin_search.fallback_message(changelist.result_count)
            self.message_user(request, message, messages.INFO)
        return response

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
        try:
            require_quote_or_locator(
                cleaned.get("quote", ""),
                cleaned.get("locator", ""),
                "Give the source's words (quote) or a locator.",
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None  # above the form, not on quote
        return cleaned


class ProgrammeListFilter(admin.RelatedFieldListFilter):
    """Programmes are shown as "BODY CODE": load their bodies in the same query."""

    def field_choices(self, field, request, model_admin):
        return [(p.pk, str(p)) for p in Programme.objects.select_related("body")]


@admin.register(Designation)
class DesignationAdmin(CuratedAdmin):
    list_display = [
        "entity",
        "body_code",
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
    form = DesignationForm
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
    readonly_fields = ["delisted"]
    csv_export = exports.DESIGNATION_EXPORT
    actions = ["delist", "export_csv"]
    inlines = [citation_inline("designation")]

    def has_delete_permission(self, request, obj=None):
        return False  # a designation ends by delisting, never by deletion

    def get_urls(self):
        opts = self.opts
        delist = path(
            "<path:object_id>/delist/",
            self.admin_site.admin_view(self.delist_view),
            name=f"{opts.app_label}_{opts.model_name}_delist",
        )
        return [delist, *super().get_urls()]

    def get_search_results(self, request, queryset, search_term):
        folded = Entity.folded_name(search_term)  # searched in entity__name_folded
        return super().get_search_results(request, queryset, folded or search_term)

    @admin.display(description="delisted")
    def delisted(self, obj):
        return delisted_with_link(obj)

    @admin.display(description="listed", ordering="listed_earliest")
    def listed_display(self, obj):
        return str(obj.listed)

    @admin.display(description="delisted", ordering="delisted_earliest")
    def delisted_display(self, obj):
        return str(obj.delisted)

    @admin.display(description="status", ordering="delisted_precision")
    def status_display(self, obj):
        return DesignationStatus(obj.status).label

    @admin.display(description="body", ordering="body__code")
    def body_code(self, obj):
        """The code alone (the filter names the body): the column fits a 1366 px window."""
        return obj.body.code

    def _delist(self, request, form: DelistForm, designations) -> list[Designation] | None:
        """Delist ``designations`` with what ``form`` holds, through the service; None, and
        the reasons on the form, if it is invalid or the service refuses."""
        if not form.is_valid():
            return None
        try:
            delisted = services.designations_delist(
                designations=designations,
                delisted=form.cleaned_data["delisted"],
                source=form.cleaned_data["source"],
                quote=form.cleaned_data["quote"],
                locator=form.cleaned_data["locator"],
                user=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return None
        self.message_user(
            request,
            f"Delisted {len(delisted)} designation(s) on {form.cleaned_data['delisted']}.",
            messages.SUCCESS,
        )
        return delisted

    def _delist_page(self, request, form: DelistForm, designations, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": "Delist designations",
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
            "designations": designations,
            **context,
        }
        return TemplateResponse(request, "admin/entities/designation/delist.html", context)

    @admin.action(
        description="Delist the selected designations (with a date and a source)",
        permissions=["change"],
    )
    def delist(self, request, queryset):
        if "apply" in request.POST:
            form = DelistForm(request.POST)
            if self._delist(request, form, queryset) is not None:
                return None
        else:
            form = DelistForm()
        return self._delist_page(
            request,
            form,
            queryset.select_related("entity", "body", "programme"),
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
            select_across=request.POST.get("select_across", "0"),
        )

    def delist_view(self, request, object_id):
        """The delist page of one designation (linked from its change form): the same form
        as the action, the same service."""
        designation = self.get_object(request, unquote(object_id))
        if designation is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, designation):
            raise PermissionDenied
        form = DelistForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and self._delist(request, form, [designation]) is not None:
            return HttpResponseRedirect(
                reverse("admin:entities_designation_change", args=[designation.pk])
            )
        return self._delist_page(
            request, form, [designation], title="Delist this designation", original=designation
        )
