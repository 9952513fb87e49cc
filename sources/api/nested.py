"""Citations as they appear inside any record's detail."""

from rest_framework import serializers

from sanctions_tracker.api.fields import brief


class NestedCitationSerializer(serializers.Serializer):
    """Why a record is there: the source in brief, the quote or locator, the fact."""

    id = serializers.IntegerField(read_only=True)
    source = serializers.SerializerMethodField()
    quote = serializers.CharField(read_only=True)
    locator = serializers.CharField(read_only=True)
    field = serializers.CharField(read_only=True)

    def get_source(self, citation) -> dict:
        return brief(citation.source, "source-detail", self.context.get("request"))
