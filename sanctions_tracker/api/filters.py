"""Filtering: django-filter FilterSets, strict about what they are given.

An unknown query parameter or a malformed value is a 400 that says which and why, never
silently ignored; ordering always ends on the primary key, so pages are stable.
"""

from __future__ import annotations

import datetime as dt
import uuid

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.text import capfirst
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from sanctions_tracker.countries import iso_country_code
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
        refuse_unknown_parameters(request, known, what="This list")


def refuse_unknown_parameters(request, known: set[str], *, what: str = "This address") -> None:
    """400 for any query parameter outside ``known`` (``format`` is always understood), and
    for an empty one (``published_before=``): a filter given no value is a mistake, not a
    request for everything."""
    known = {*known, "format"}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        understood = ", ".join(sorted(known))
        raise ValidationError(
            {name: [f"Unknown parameter. {what} understands: {understood}."] for name in unknown}
        )
    empty = sorted(
        name
        for name, values in request.query_params.lists()
        if any(not value.strip() for value in values)
    )
    if empty:
        raise ValidationError(
            {name: ["Empty value: give one, or leave the parameter out."] for name in empty}
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
        """Partial dates order by their first, then last day, unknown dates last whichever
        the direction (databases disagree on where NULLs go)."""
        aliases = getattr(view, "ordering_aliases", {})
        expanded = []
        for field in fields:
            descending = field.startswith("-")
            name = field.lstrip("-")
            if name not in aliases:
                expanded.append(field)
                continue
            for column in aliases[name]:
                column = F(column)
                expanded.append(
                    column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
                )
        return expanded


# Filters whose query parameter does not read as words.
PARAMETER_LABELS = {"q": "Search", "sha256": "SHA-256"}


def label_for_parameter(name: str) -> str:
    """A filter's label, after its query parameter: ``listed_after`` is "Listed after",
    ``body_id`` "Body (id)", ``q`` "Search"."""
    if name in PARAMETER_LABELS:
        return PARAMETER_LABELS[name]
    stem, id_suffix = (name[:-3], " (id)") if name.endswith("_id") else (name, "")
    return capfirst(stem.replace("_", " ")) + id_suffix


class FilterSet(django_filters.FilterSet):
    """The base of every FilterSet: each filter not given a label is labelled after its query
    parameter. django-filter labels it after its model field, and "[invalid name]" when
    there is none (a filter with a method, or one named otherwise), which the browsable
    API's filter dialog and the OpenAPI descriptions showed for nearly every filter."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for name, filter_ in filters.items():
            if filter_.label is None:  # no label given (a default one needs the model)
                filter_.label = label_for_parameter(name)
        return filters


class AsciiIntegerField(forms.IntegerField):
    """A whole number in ASCII digits: int() would read "٣" as 3."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not value.strip().lstrip("-").isascii():
            raise forms.ValidationError(f"{value!r} is not a whole number in digits 0-9.")
        return super().to_python(value)


class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number in the database's range, else a 400."""

    field_class = AsciiIntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        kwargs.setdefault("help_text", "A record's id.")
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(f"{value!r} is not a boolean: write true or false.")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    """true/false (or 1/0, yes/no); anything else is a 400, never silently ignored."""

    field_class = StrictBooleanField


class IsoDateFilter(django_filters.DateFilter):
    """A day in ISO form (YYYY-MM-DD)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(*args, **kwargs)


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, handed to the database in UTC: PostgreSQL refuses an offset past
    ±15:59 that Python accepts (``-21:41`` was a 500), and a moment that UTC puts outside the
    calendar is a 400."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.tzinfo is None:
            return moment
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(
                f"{value!r} is out of range: give a moment between years 1 and 9999."
            ) from None


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """A moment in ISO 8601 (``2024-12-19T10:00:00Z``), compared in UTC."""

    field_class = UtcIsoDateTimeField


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


def refuse(parameter: str, message: str):
    raise ValidationError({parameter: [message]})


def country_code_parameter(parameter: str, value: str) -> str:
    """The country code given in ``parameter`` (any case), or a 400: a code, not a name
    (see sanctions_tracker.countries)."""
    code = iso_country_code(value)
    if not code:
        refuse(parameter, f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. PK).")
    return code


def entity_lookup(parameter: str, value: str) -> Q:
    """An entity by id or by uid (a Q on Entity), or a 400."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        return Q(pk=int(value))
    try:
        return Q(uid=uuid.UUID(value))
    except ValueError:
        refuse(parameter, f"{value!r} is neither an entity id nor a uid.")
