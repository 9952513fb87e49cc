"""Serializers of sources and citations."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sanctions_tracker.api.serializers import CuratedModelSerializer
from sources.models import CITABLE_FIELDS, Citation, Source

AUDIT = CuratedModelSerializer.AUDIT_FIELDS


class SourceSerializer(CuratedModelSerializer):
    """A document. Its text appears in the detail, not in lists."""

    link = serializers.URLField(source="url", required=False, allow_blank=True, max_length=1000)
    # Annotated by the view's queryset; a source just created has none (and no annotation).
    citation_count = serializers.IntegerField(read_only=True, source="citations__count", default=0)

    class Meta:
        model = Source
        fields = [
            *AUDIT,
            "kind",
            "title",
            "publisher",
            "link",
            "published",
            "retrieved",
            "language",
            "sha256",
            "file",
            "notes",
            "citation_count",
        ]
        extra_kwargs = {"file": {"required": False}}

    def validate(self, attrs):
        text = attrs.get("text")
        if text and not attrs.get("sha256"):
            attrs["sha256"] = Source.sha256_of_text(text)
        return attrs


class SourceDetailSerializer(SourceSerializer):
    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


class CitationSerializer(CuratedModelSerializer):
    """Ties one record to one source: set exactly one of the record fields (by id)."""

    record = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = [*AUDIT, "source", "quote", "locator", "field", "record", *CITABLE_FIELDS]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": CITABLE_FIELDS},
                "id": {"type": "integer"},
                "display": {"type": "string"},
            },
        }
    )
    def get_record(self, citation):
        for name in CITABLE_FIELDS:
            if getattr(citation, f"{name}_id") is not None:
                return {
                    "type": name,
                    "id": getattr(citation, f"{name}_id"),
                    "display": str(getattr(citation, name)),
                }
        return None
