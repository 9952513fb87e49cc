from rest_framework import serializers
from rest_framework.reverse import reverse

from entities.models import Entity
from importer.models import ImportDifference, ImportRun
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
