"""Filtering: django-filter FilterSets, strict about what they are given.

An unknown query parameter or a malformed value is a 400 that says which and why, never
silently ignored; ordering always ends on the primary key, so pages are stable.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from sanctions_tracker.partial_dates import overlaps

# Parameters every list understands besides its filters.
COMMON_PARAMETERS = frozenset({"page", "page_size", "ordering", "format"})


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) == "list":
            self._refuse_unknown_parameters(request, view)
        return super().filter_queryset(request, queryset, view)

    def _refuse_unknown_parameters(self, request, view):
        filterset_class = getattr(view, "filterset_class", None)
        known = set(COMMON_PARAMETERS)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {
                    name: [f"Unknown parameter. This list understands: {', '.join(sorted(known))}."]
                    for name in unknown
                }
            )


class StrictOrderingFilter(OrderingFilter):
    """``ordering`` refuses unknown fields, and every order ends on ``id`` for stable pages."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [p.strip() for p in params.split(",") if p.strip()]
            valid = {
                name for name, _ in self.get_valid_fields(queryset, view, {"request": request})
            }
            invalid = [f for f in fields if f.lstrip("-") not in valid]
            if invalid:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            f"Cannot order by {', '.join(invalid)}: use {', '.join(sorted(valid))} "
                            "(prefix - for descending)."
                        ]
                    }
                )
            ordering = self.expand(fields, view)
        else:
            ordering = list(self.get_default_ordering(view) or queryset.query.order_by or ())
        if not any(str(o).lstrip("-") in ("id", "pk") for o in ordering):
            ordering.append("id")
        return ordering

    @staticmethod
    def expand(fields, view):
        """Partial dates order by their first, then last day."""
        aliases = getattr(view, "ordering_aliases", {})
        expanded = []
        for field in fields:
            descending = field.startswith("-")
            for column in aliases.get(field.lstrip("-"), [field.lstrip("-")]):
                expanded.append(f"-{column}" if descending else column)
        return expanded


class IsoDateFilter(django_filters.DateFilter):
    """A day in ISO form (YYYY-MM-DD)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)


class PartialDateRangeFilter(IsoDateFilter):
    """``<date>_after`` / ``<date>_before``: dates that may fall in the range (a year-precision
    1998 matches June 1998); unknown dates never do."""

    def __init__(self, *args, date_name: str, bound: str, **kwargs):
        self.date_name = date_name
        self.bound = bound
        kwargs.setdefault(
            "help_text",
            f"{'On or after' if bound == 'after' else 'On or before'} this day (YYYY-MM-DD); "
            "a partial date matches when it may fall in the range.",
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        kwargs = {self.bound: value}
        return qs.filter(overlaps(self.date_name, **kwargs))


def boolean_filter(help_text: str, method: str):
    return django_filters.BooleanFilter(method=method, help_text=help_text)


def refuse(parameter: str, message: str):
    raise ValidationError({parameter: [message]})


def as_validation_error(exc: DjangoValidationError, parameter: str):
    raise ValidationError({parameter: exc.messages})
