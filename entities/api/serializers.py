"""Serializers of bodies, programmes, activities, entities and their parts, relationships and
designations."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
from sanctions_tracker.api.fields import BRIEF_SCHEMA, PartialDateField, brief
from sanctions_tracker.api.serializers import (
    CountryCodeMixin,
    CuratedModelSerializer,
    LabelledChoiceField,
    LabelledSlugRelatedField,
)
from sanctions_tracker.partial_dates import PartialDate
from sources.api.nested import NestedCitationSerializer
from sources.models import Source, require_quote_or_locator

AUDIT = CuratedModelSerializer.AUDIT_FIELDS


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["code", "name", "description"]


class BodySerializer(CuratedModelSerializer):
    link = serializers.URLField(source="url", required=False, allow_blank=True)

    class Meta:
        model = Body
        fields = [
            *AUDIT,
            "code",
            "name",
            "short_name",
            "jurisdiction",
            "parent",
            "imposes_sanctions",
            "entity",
            "link",
            "notes",
        ]


class ProgrammeSerializer(CuratedModelSerializer):
    link = serializers.URLField(source="url", required=False, allow_blank=True)

    class Meta:
        model = Programme
        fields = [
            *AUDIT,
            "body",
            "code",
            "name",
            "legal_basis",
            "targeted_activity",
            "targeted_activities",
            "status",
            "link",
            "notes",
        ]


class TargetedActivitySerializer(CuratedModelSerializer):
    class Meta:
        model = TargetedActivity
        fields = [*AUDIT, "name", "country", "description", "since", "notes"]


class AliasSerializer(CuratedModelSerializer):
    class Meta:
        model = Alias
        fields = [*AUDIT, "entity", "name", "kind", "is_weak", "language", "script"]


class EntityCountrySerializer(CuratedModelSerializer):
    class Meta:
        model = EntityCountry
        fields = [*AUDIT, "entity", "country", "role"]


class EntityDateSerializer(CuratedModelSerializer):
    class Meta:
        model = EntityDate
        fields = [*AUDIT, "entity", "kind", "date", "approximate"]


class AddressSerializer(CuratedModelSerializer):
    class Meta:
        model = Address
        fields = [*AUDIT, "entity", "street", "city", "region", "postal_code", "country", "full"]


class IdentifierSerializer(CuratedModelSerializer):
    class Meta:
        model = Identifier
        fields = [*AUDIT, "entity", "scheme", "value", "country", "label"]


class RelationshipSerializer(CuratedModelSerializer):
    class Meta:
        model = Relationship
        fields = [*AUDIT, "subject", "kind", "object", "started", "ended", "description"]


class DesignationSerializer(CuratedModelSerializer):
    """``delisted`` and ``status`` are read-only: POST .../delist/ ends a designation. A write
    that sends them with another value than the record's is a 400 that says so (sending back
    the value read is accepted)."""

    measures = LabelledSlugRelatedField(many=True, queryset=Measure.objects.all(), required=False)
    status = serializers.CharField(read_only=True, help_text="active or delisted")
    delisted = PartialDateField(read_only=True, required_date=False)

    class Meta:
        model = Designation
        fields = [
            *AUDIT,
            "entity",
            "body",
            "programme",
            "status",
            "listed",
            "delisted",
            "measures",
            "measures_text",
            "reason",
            "reference",
            "targeted_activities",
            "notes",
        ]

    def to_internal_value(self, data):
        refused = self._delisting_refused(data)
        try:
            values = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if refused and isinstance(exc.detail, dict):
                exc.detail.update(refused)
            raise
        if refused:
            raise serializers.ValidationError(refused)
        return values

    def _delisting_refused(self, data) -> dict[str, list[str]]:
        """Errors for a ``delisted`` or ``status`` that would change the record's: only the
        delisting service (POST .../delist/, with the date and the source) changes them."""
        if not isinstance(data, Mapping):
            return {}
        instance = self.instance
        current = instance.delisted if instance is not None else PartialDate.none()
        errors = {}
        if "delisted" in data and _partial_date_or_none(data["delisted"]) != current:
            errors["delisted"] = [self._use_delist(instance)]
        status = instance.status if instance is not None else DesignationStatus.ACTIVE
        sent = data.get("status")
        if isinstance(sent, Mapping):  # as read, if it is ever read as {value, label}
            sent = sent.get("value")
        if "status" in data and sent != status:
            errors["status"] = [self._use_delist(instance)]
        return errors

    def _use_delist(self, instance) -> str:
        if instance is None:
            return (
                "A new designation is active: create it without 'delisted', then delist it "
                f"with POST {reverse('designation-list')}{{id}}/delist/ with 'delisted', "
                "'source' and 'quote' or 'locator'."
            )
        return (
            "A designation is delisted only with its date and its source: POST "
            f"{reverse('designation-delist', args=[instance.pk])} with 'delisted', 'source' "
            "and 'quote' or 'locator'. PUT and PATCH do not change 'delisted'."
        )


def _partial_date_or_none(value) -> PartialDate | None:
    """``value`` read as a delisting date, None if it is not one."""
    try:
        return PartialDateField(required_date=False).run_validation(value)
    except serializers.ValidationError:
        return None


class DelistSerializer(serializers.Serializer):
    """What delisting needs: when (possibly 'unknown', with the source's words) and which
    source says so, with its quote or a locator."""

    delisted = PartialDateField(required_date=True)
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    quote = serializers.CharField(required=False, allow_blank=True, default="")
    locator = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        require_quote_or_locator(
            attrs["quote"], attrs["locator"], "Give the source's words (quote) or a locator."
        )
        return attrs


# Entities --------------------------------------------------------------------------------------
class NestedModelSerializer(CountryCodeMixin, serializers.ModelSerializer):
    serializer_choice_field = LabelledChoiceField


class NestedAliasSerializer(NestedModelSerializer):
    class Meta:
        model = Alias
        fields = ["id", "name", "kind", "is_weak", "language", "script"]


class NestedCountrySerializer(NestedModelSerializer):
    class Meta:
        model = EntityCountry
        fields = ["id", "country", "role"]


class NestedEntityDateSerializer(NestedModelSerializer):
    date = PartialDateField(read_only=True)

    class Meta:
        model = EntityDate
        fields = ["id", "kind", "date", "approximate"]


class NestedAddressSerializer(NestedModelSerializer):
    class Meta:
        model = Address
        fields = ["id", "street", "city", "region", "postal_code", "country", "full"]


class NestedIdentifierSerializer(NestedModelSerializer):
    class Meta:
        model = Identifier
        fields = ["id", "scheme", "value", "country", "label"]


class NestedDesignationSerializer(NestedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="designation-detail")
    body = serializers.SerializerMethodField()
    programme = serializers.SerializerMethodField()
    listed = PartialDateField(read_only=True)
    delisted = PartialDateField(read_only=True, required_date=False)
    status = serializers.CharField(read_only=True)
    measures = LabelledSlugRelatedField(many=True, read_only=True)

    class Meta:
        model = Designation
        fields = [
            "id",
            "url",
            "body",
            "programme",
            "status",
            "listed",
            "delisted",
            "measures",
            "reference",
        ]

    @extend_schema_field(BRIEF_SCHEMA)
    def get_body(self, designation):
        return brief(designation.body, "body-detail", self.context.get("request"))

    @extend_schema_field(BRIEF_SCHEMA)
    def get_programme(self, designation):
        return brief(designation.programme, "programme-detail", self.context.get("request"))


class NestedRelationshipSerializer(NestedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="relationship-detail")
    subject = serializers.SerializerMethodField()
    object = serializers.SerializerMethodField()
    started = PartialDateField(read_only=True, required_date=False)
    ended = PartialDateField(read_only=True, required_date=False)

    class Meta:
        model = Relationship
        fields = ["id", "url", "subject", "kind", "object", "started", "ended", "description"]

    @extend_schema_field(BRIEF_SCHEMA)
    def get_subject(self, relationship):
        return brief(relationship.subject, "entity-detail", self.context.get("request"))

    @extend_schema_field(BRIEF_SCHEMA)
    def get_object(self, relationship):
        return brief(relationship.object, "entity-detail", self.context.get("request"))


class EntitySerializer(CuratedModelSerializer):
    """An entity in lists: its names, countries and dates (of birth or establishment), and
    how many active designations."""

    unnamed = serializers.BooleanField(source="name_is_description", required=False)
    aliases = NestedAliasSerializer(many=True, read_only=True)
    countries = NestedCountrySerializer(many=True, read_only=True)
    dates = NestedEntityDateSerializer(many=True, read_only=True)
    active_designations = serializers.SerializerMethodField()

    class Meta:
        model = Entity
        fields = [
            *AUDIT,
            "kind",
            "name",
            "unnamed",
            "aliases",
            "countries",
            "dates",
            "active_designations",
            "notes",
        ]

    def get_active_designations(self, entity) -> int:
        return sum(1 for d in entity.designations.all() if d.is_active)


class EntityDetailSerializer(EntitySerializer):
    """An entity with everything about it: identifiers, addresses, designations active and
    past, relationships both ways, and the citations that support it."""

    addresses = NestedAddressSerializer(many=True, read_only=True)
    identifiers = NestedIdentifierSerializer(many=True, read_only=True)
    designations = serializers.SerializerMethodField()
    relationships = serializers.SerializerMethodField()
    citations = NestedCitationSerializer(many=True, read_only=True)

    class Meta(EntitySerializer.Meta):
        fields = [
            *EntitySerializer.Meta.fields,
            "addresses",
            "identifiers",
            "designations",
            "relationships",
            "citations",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "active": {"type": "array", "items": {"type": "object"}},
                "past": {"type": "array", "items": {"type": "object"}},
            },
        }
    )
    def get_designations(self, entity):
        nested = NestedDesignationSerializer(
            entity.designations.all(), many=True, context=self.context
        ).data
        return {
            "active": [d for d in nested if d["status"] == "active"],
            "past": [d for d in nested if d["status"] != "active"],
        }

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "outgoing": {"type": "array", "items": {"type": "object"}},
                "incoming": {"type": "array", "items": {"type": "object"}},
            },
        }
    )
    def get_relationships(self, entity):
        context = self.context
        return {
            "outgoing": NestedRelationshipSerializer(
                entity.relationships_out.all(), many=True, context=context
            ).data,
            "incoming": NestedRelationshipSerializer(
                entity.relationships_in.all(), many=True, context=context
            ).data,
        }
