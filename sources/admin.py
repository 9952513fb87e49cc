"""Admin for sources and citations."""

from django.contrib import admin
from django.db.models import Count

from sanctions_tracker.admin_base import CuratedAdmin
from sources import exports
from sources.models import CITABLE_FIELDS, Citation, Source


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    list_display = ["title", "kind", "publisher", "published_display", "citation_count"]
    list_filter = ["kind", "published_precision"]
    search_fields = ["title", "publisher", "url", "sha256"]
    fields = [
        "kind",
        "title",
        "publisher",
        "url",
        "published",
        "retrieved",
        "language",
        "file",
        "sha256",
        "text",
        "notes",
    ]
    # Explicit: the count annotation groups the query, which drops Meta.ordering.
    ordering = ["title", "id"]
    csv_export = exports.SOURCE_EXPORT

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_total=Count("citations"))

    @admin.display(description="published", ordering="published_earliest")
    def published_display(self, obj):
        return str(obj.published)

    @admin.display(description="citations", ordering="citation_total")
    def citation_count(self, obj):
        return obj.citation_total


@admin.register(Citation)
class CitationAdmin(CuratedAdmin):
    list_display = ["source", "record", "field", "short_quote", "locator"]
    list_select_related = ()  # get_queryset selects every target (with_targets)
    list_filter = ["source"]
    search_fields = ["quote", "locator", "source__title"]
    autocomplete_fields = ["source", *CITABLE_FIELDS]
    csv_export = exports.CITATION_EXPORT

    def get_queryset(self, request):
        # The "supports" column prints each target, and some targets print their relations.
        return super().get_queryset(request).with_targets()

    @admin.display(description="supports")
    def record(self, obj):
        target = obj.target
        return f"{target._meta.verbose_name}: {target}" if target else ""

    @admin.display(description="quote")
    def short_quote(self, obj):
        return obj.quote if len(obj.quote) <= 100 else f"{obj.quote[:97]}..."
