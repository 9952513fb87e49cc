"""API views of sources and citations."""

from django.db.models import Count

from sanctions_tracker.api.views import CuratedViewSet
from sources import exports, filtersets
from sources.api import serializers as s
from sources.models import Citation, Source


class SourceViewSet(CuratedViewSet):
    queryset = Source.objects.order_by("title", "id")
    filterset_class = filtersets.SourceFilterSet
    ordering_fields = ["title", "published", "updated_at", "id"]
    ordering_aliases = {"published": ["published_earliest", "published_latest"]}
    csv_export = exports.SOURCE_EXPORT

    def get_queryset(self):
        queryset = Source.objects.order_by("title", "id").annotate(
            citations__count=Count("citations")
        )
        if self.action == "list":
            queryset = queryset.defer("text")
        return queryset

    def get_serializer_class(self):
        return s.SourceDetailSerializer if self.action != "list" else s.SourceSerializer


class CitationViewSet(CuratedViewSet):
    queryset = Citation.objects.with_targets().order_by("source_id", "id")
    serializer_class = s.CitationSerializer
    filterset_class = filtersets.CitationFilterSet
    ordering_fields = ["id", "updated_at"]
    csv_export = exports.CITATION_EXPORT
