"""The FilterSets of sources and citations."""

import django_filters
from django.db.models import Q

from sanctions_tracker.api.filters import FilterSet, IdFilter, PartialDateRangeFilter
from sources.choices import SourceKind
from sources.models import CITABLE_FIELDS, Citation, Source


class SourceFilterSet(FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", help_text="In the title, publisher, URL or text."
    )
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    published_after = PartialDateRangeFilter(date_name="published", bound="after")
    published_before = PartialDateRangeFilter(date_name="published", bound="before")
    sha256 = django_filters.CharFilter(field_name="sha256", lookup_expr="iexact")

    class Meta:
        model = Source
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(publisher__icontains=value)
            | Q(url__icontains=value)
            | Q(text__icontains=value)
        )


class CitationFilterSet(FilterSet):
    source_id = IdFilter(field_name="source_id")
    record_type = django_filters.ChoiceFilter(
        choices=[(name, name) for name in CITABLE_FIELDS],
        method="filter_record_type",
        help_text="The kind of record cited.",
    )
    q = django_filters.CharFilter(field_name="quote", lookup_expr="icontains")

    class Meta:
        model = Citation
        fields = {name: ["exact"] for name in CITABLE_FIELDS}

    def filter_record_type(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False})
