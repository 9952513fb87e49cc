"""Validation of match queries and the shape of their answers."""

from django.urls import reverse
from rest_framework import serializers

from entities.choices import EntityKind
from sanctions_tracker.api.fields import CountryCodeField, WholeNumberField
from screening import services

QUERY_FIELDS = ("name", "country", "kind", "birth_date", "identifier")
OPTION_FIELDS = ("limit", "threshold")


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know, naming them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {key: [f"Unknown key. Known: {', '.join(self.fields)}."] for key in unknown}
                )
        return super().to_internal_value(data)


class MatchQuerySerializer(StrictSerializer):
    name = serializers.CharField(max_length=500, help_text="The name to screen.")
    country = CountryCodeField(
        required=False, allow_blank=True, help_text="ISO 3166-1 alpha-2, e.g. PK."
    )
    kind = serializers.ChoiceField(choices=EntityKind.choices, required=False, allow_blank=True)
    birth_date = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Date of birth or establishment: YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    identifier = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=255,
        help_text="A passport, tax, registration or IMO number: an exact match scores 1.",
    )

    def validate_name(self, value):
        if not value.strip():
            raise serializers.ValidationError("Give a name to screen.")
        return value

    def validate_birth_date(self, value):
        if not value:
            return ""
        try:
            return services.parse_birth_date(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def to_query(self) -> services.MatchQuery:
        data = self.validated_data
        return services.MatchQuery(**{key: data.get(key) or "" for key in QUERY_FIELDS})


class MatchOptionsSerializer(StrictSerializer):
    limit = WholeNumberField(
        min_value=1, max_value=services.MAX_LIMIT, default=services.DEFAULT_LIMIT
    )
    threshold = serializers.FloatField(
        min_value=0.0, max_value=1.0, default=services.DEFAULT_THRESHOLD
    )


class MatchParametersSerializer(MatchQuerySerializer, MatchOptionsSerializer):
    """GET: one query and its options, all as query parameters."""


class MatchBatchSerializer(StrictSerializer):
    queries = MatchQuerySerializer(many=True, allow_empty=False)
    limit = WholeNumberField(
        min_value=1, max_value=services.MAX_LIMIT, default=services.DEFAULT_LIMIT
    )
    threshold = serializers.FloatField(
        min_value=0.0, max_value=1.0, default=services.DEFAULT_THRESHOLD
    )

    def validate_queries(self, value):
        if len(value) > services.MAX_BATCH:
            raise serializers.ValidationError(
                f"At most {services.MAX_BATCH} queries per request; this one has {len(value)}."
            )
        return value


def candidate_data(candidate, designations: list, request) -> dict:
    url = reverse("entity-detail", kwargs={"pk": candidate.entity_id})
    return {
        "entity": {
            "id": candidate.entity_id,
            "url": request.build_absolute_uri(url) if request else url,
            "display": candidate.name,
            "kind": candidate.kind,
        },
        "score": candidate.score,
        "matched_name": {
            "name": candidate.matched_name,
            "kind": candidate.matched_kind,
            "weak": candidate.weak,
        },
        "features": candidate.features,
        "designations": designations,
    }
