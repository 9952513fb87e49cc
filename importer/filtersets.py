"""Filters of import runs and of their differences (API and admin alike)."""

import django_filters as filters

from importer.models import (
    DifferenceAction,
    ImportDifference,
    ImportRun,
    ImportSource,
    ImportStatus,
    ProposalStatus,
    ProposedMatch,
)
from sanctions_tracker.api.filters import FilterSet, IdFilter, IsoDateTimeFilter


class ImportRunFilterSet(FilterSet):
    source = filters.ChoiceFilter(choices=ImportSource.choices)
    status = filters.ChoiceFilter(choices=ImportStatus.choices)
    started_after = IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_before = IsoDateTimeFilter(field_name="started_at", lookup_expr="lte")
    sha256 = filters.CharFilter()

    class Meta:
        model = ImportRun
        fields = ["source", "status", "started_after", "started_before", "sha256"]


class ImportDifferenceFilterSet(FilterSet):
    action = filters.MultipleChoiceFilter(choices=DifferenceAction.choices)
    reference = filters.CharFilter()
    entity = IdFilter(field_name="entity_id", help_text="The entity's id.")
    field = filters.CharFilter()

    class Meta:
        model = ImportDifference
        fields = ["action", "reference", "entity", "field"]


class ProposedMatchFilterSet(FilterSet):
    status = filters.ChoiceFilter(choices=ProposalStatus.choices)
    source = filters.ChoiceFilter(choices=ImportSource.choices)
    run = IdFilter(field_name="run_id", help_text="The import run's id.")
    reference = filters.CharFilter()

    class Meta:
        model = ProposedMatch
        fields = ["status", "source", "run", "reference"]
