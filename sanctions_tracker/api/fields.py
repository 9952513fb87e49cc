"""Serializer fields shared by every resource: partial dates, brief related records, choices."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from sanctions_tracker.partial_dates import PartialDate, Precision

# As read. The form to write (a string or ``{value, text}``) is in schema.py.
PARTIAL_DATE_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": (
        "A date as precise as its source. `value` is the ISO partial form (`1998`, "
        "`2024-12`, `2024-12-19`, or a range `1960/1965`), null when unknown; "
        "`precision` is day, month, year, range or unknown; `text` keeps the source's "
        "words ('Thursday'); `earliest`/`latest` are the first and last day it can be. "
        "Null: no such date (an active designation's delisting). On write, send the ISO "
        "partial string, 'unknown', or an object with `value` (or `precision: unknown`) "
        "and `text`."
    ),
    "properties": {
        "value": {"type": "string", "nullable": True, "example": "2024-12"},
        "precision": {"type": "string", "enum": list(Precision.values), "example": "month"},
        "text": {"type": "string"},
        "earliest": {"type": "string", "format": "date", "nullable": True},
        "latest": {"type": "string", "format": "date", "nullable": True},
    },
    "example": {
        "value": "2024-12",
        "precision": "month",
        "text": "December 2024",
        "earliest": "2024-12-01",
        "latest": "2024-12-31",
    },
}


class PartialDateField(serializers.Field):
    default_error_messages = {
        "invalid": "Send a date as 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', a range 'YYYY/YYYY' or "
        "'unknown', or an object with 'value' and 'text'.",
        "required_date": "This date cannot be left out; send 'unknown' if it is not known.",
    }

    def __init__(self, *, required_date: bool = True, **kwargs):
        self.required_date = required_date
        kwargs.setdefault("allow_null", not required_date)
        super().__init__(**kwargs)

    def to_representation(self, value: PartialDate):
        if not value.is_set:
            return None
        return {
            "value": value.iso or None,
            "precision": value.precision,
            "text": value.text,
            "earliest": value.earliest.isoformat() if value.earliest else None,
            "latest": value.latest.isoformat() if value.latest else None,
        }

    def validate_empty_values(self, data):
        if data is None and not self.required_date:
            return True, PartialDate.none()
        if data is None:
            self.fail("required_date")
        return super().validate_empty_values(data)

    def to_internal_value(self, data) -> PartialDate:
        text = ""
        if isinstance(data, dict):
            unknown_keys = set(data) - {"value", "precision", "text", "earliest", "latest"}
            if unknown_keys:
                raise serializers.ValidationError(
                    f"Unknown keys {sorted(unknown_keys)}: send 'value' and 'text'."
                )
            text = data.get("text") or ""
            if not isinstance(text, str):
                self.fail("invalid")
            value = data.get("value")
            if value is None and data.get("precision") == Precision.UNKNOWN:
                value = "unknown"
            if value is None:
                self.fail("invalid")
        else:
            value = data
        if not isinstance(value, str):
            self.fail("invalid")
        try:
            return PartialDate.parse(value, text)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


def choices_keyed_by(field: serializers.RelatedField, key, cutoff=None) -> dict:
    """A related field's choices for the browsable API's <select>, keyed by ``key(item)``:
    fields whose representation is an object (not hashable) key them by a plain value."""
    queryset = field.get_queryset()
    if queryset is None:
        return {}
    if cutoff is not None:
        queryset = queryset[:cutoff]
    return {key(item): field.display_value(item) for item in queryset}


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record in brief on read (id, URL, display name); its id on write."""

    def __init__(self, *, view_name: str | None = None, **kwargs):
        self._view_name = view_name
        super().__init__(**kwargs)

    @property
    def view_name(self) -> str:
        # ModelSerializer drops view_name for fields that are not hyperlinked: derive it.
        return self._view_name or f"{self.get_queryset().model._meta.model_name}-detail"

    def use_pk_only_optimization(self):
        return False

    def get_choices(self, cutoff=None):
        """The browsable API's <select>: keyed by id (the brief form is not hashable)."""
        return choices_keyed_by(self, lambda item: item.pk, cutoff)

    def to_internal_value(self, data):
        if isinstance(data, dict) and "id" in data:
            data = data["id"]
        return super().to_internal_value(data)

    def to_representation(self, value):
        request = self.context.get("request")
        return {
            "id": value.pk,
            "url": reverse(self.view_name, kwargs={"pk": value.pk}, request=request),
            "display": str(value),
        }


# As read. On write, its id (or ``{"id": ...}``): see schema.py.
BRIEF_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "url": {"type": "string", "format": "uri"},
        "display": {"type": "string"},
    },
    "required": ["id", "url", "display"],
    "description": "The related record in brief. On write, send its id (or {'id': ...}).",
}


def brief(record, view_name: str, request) -> dict | None:
    """The brief form of a record, for read-only nested output."""
    if record is None:
        return None
    return {
        "id": record.pk,
        "url": reverse(view_name, kwargs={"pk": record.pk}, request=request),
        "display": str(record),
    }


@functools.cache
def _country_tables():
    from django_countries import countries

    field = serializers.ChoiceField(choices=[c.code for c in countries])
    return field.grouped_choices, field._choices, field.choice_strings_to_values


@extend_schema_field(OpenApiTypes.STR)
class CountryCodeField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 code (blank where allowed), validated against the list."""

    def __init__(self, **kwargs):
        super().__init__(choices=(), **kwargs)
        # The tables ChoiceField builds from 250 choices, built once: per instance they
        # cost 0.8 ms, a fifth of a screening request.
        self.grouped_choices, self._choices, self.choice_strings_to_values = _country_tables()

    def to_representation(self, value):
        return getattr(value, "code", value) or ""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = data.strip().upper()
        if data == "" and self.allow_blank:
            return ""
        return super().to_internal_value(data)


class WholeNumberField(serializers.IntegerField):
    """An integer written in ASCII digits: DRF's IntegerField reads "٣" (Arabic-Indic three)
    as 3, which no client means and the schema's ``integer`` does not allow."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not data.isascii():
            self.fail("invalid")
        return super().to_internal_value(data)
