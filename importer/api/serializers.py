from rest_framework import serializers
from rest_framework.reverse import reverse

from entities.models import Entity
from importer.models import ImportDifference, ImportRun, ProposedMatch
from sanctions_tracker.api.fields import BriefRelatedField
from sanctions_tracker.api.serializers import LabelledChoiceField
from sources.models import Source


class ImportRunSerializer(serializers.ModelSerializer):
    source = LabelledChoiceField(choices=ImportRun._meta.get_field("source").choices)
    status = LabelledChoiceField(choices=ImportRun._meta.get_field("status").choices)
    list_source = BriefRelatedField(queryset=Source.objects.all(), allow_null=True)
    differences_url = serializers.SerializerMethodField(
        help_text="The differences of this import; add ?format=csv for a CSV file."
    )
    duration = serializers.FloatField(read_only=True, help_text="Seconds.")

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "source",
            "status",
            "path",
            "files",
            "sha256",
            "list_date",
            "list_source",
            "started_at",
            "finished_at",
            "duration",
            "entries",
            "added",
            "changed",
            "delisted",
            "unchanged",
            "linked",
            "conflicts",
            "warnings",
            "differences_url",
        ]
        read_only_fields = fields

    def get_differences_url(self, run) -> str:
        return reverse("importrun-differences", args=[run.pk], request=self.context.get("request"))


class ImportDifferenceSerializer(serializers.ModelSerializer):
    action = LabelledChoiceField(choices=ImportDifference._meta.get_field("action").choices)
    entity = BriefRelatedField(queryset=Entity.objects.all(), allow_null=True)

    class Meta:
        model = ImportDifference
        fields = ["id", "action", "reference", "entity", "field", "before", "after", "message"]
        read_only_fields = fields


class ProposedMatchSerializer(serializers.ModelSerializer):
    """A new list entry that an import could not link with certainty, and its review."""

    source = LabelledChoiceField(choices=ProposedMatch._meta.get_field("source").choices)
    status = LabelledChoiceField(choices=ProposedMatch._meta.get_field("status").choices)
    run = BriefRelatedField(queryset=ImportRun.objects.all(), view_name="importrun-detail")
    created_entity = BriefRelatedField(queryset=Entity.objects.all(), allow_null=True)
    candidates = BriefRelatedField(queryset=Entity.objects.all(), many=True)
    chosen = BriefRelatedField(queryset=Entity.objects.all(), allow_null=True)

    class Meta:
        model = ProposedMatch
        fields = [
            "id",
            "run",
            "source",
            "reference",
            "name",
            "created_entity",
            "created_id",
            "candidates",
            "reason",
            "status",
            "chosen",
            "decided_at",
            "note",
        ]
        read_only_fields = fields
