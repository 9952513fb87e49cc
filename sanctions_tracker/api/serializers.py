"""The base serializer of curated records: model validation on every write, so the API
keeps the admin's rules, and one transaction per write."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django_countries.fields import CountryField
from rest_framework import serializers
from rest_framework.fields import get_error_detail

from sanctions_tracker.api.fields import (
    BriefRelatedField,
    CountryCodeField,
    PartialDateField,
    choices_keyed_by,
)
from sanctions_tracker.forms import PARTIAL_DATE_COLUMNS, partial_date_names
from sanctions_tracker.services import record_save


class LabelledChoiceField(serializers.ChoiceField):
    """A choice read as its value and label (``{"value": "public_body", "label": "public
    body"}``); written as its value."""

    def to_representation(self, value):
        if value in ("", None):
            return None
        return {"value": value, "label": str(self.choices.get(value, value))}

    def to_internal_value(self, data):
        if isinstance(data, dict) and "value" in data:
            data = data["value"]
        return super().to_internal_value(data)


class LabelledSlugRelatedField(serializers.SlugRelatedField):
    """A record of a fixed vocabulary (a measure) read like a choice, ``{"value": code,
    "label": name}``; written as its code (or such an object sent back)."""

    def __init__(self, *, label_field: str = "name", **kwargs):
        self.label_field = label_field
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return {"value": getattr(obj, self.slug_field), "label": getattr(obj, self.label_field)}

    def get_choices(self, cutoff=None):
        """The browsable API's <select>: keyed by code (the object form is not hashable)."""
        return choices_keyed_by(self, lambda item: getattr(item, self.slug_field), cutoff)

    def to_internal_value(self, data):
        if isinstance(data, dict) and "value" in data:
            data = data["value"]
        return super().to_internal_value(data)


class CountryCodeMixin:
    """Country columns (django-countries) read and write as their ISO 3166-1 alpha-2 code."""

    def build_standard_field(self, field_name, model_field):
        if isinstance(model_field, CountryField):
            kwargs = {"allow_blank": model_field.blank, "required": not model_field.blank}
            if model_field.help_text:
                kwargs["help_text"] = str(model_field.help_text)
            return CountryCodeField, kwargs
        return super().build_standard_field(field_name, model_field)


class CuratedModelSerializer(CountryCodeMixin, serializers.HyperlinkedModelSerializer):
    """Reads and writes one curated record.

    Writes build the record, run the model's validation (fields, ``clean()`` and the
    database constraints, the same as the admin) and save in one transaction through
    :func:`sanctions_tracker.services.record_save`.
    """

    serializer_choice_field = LabelledChoiceField
    serializer_related_field = BriefRelatedField
    id = serializers.IntegerField(read_only=True)
    uid = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text="Raised by one on every save; also the ETag."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    AUDIT_FIELDS = ("id", "url", "uid", "version", "created_at", "updated_at")

    def build_field(self, field_name, info, model_class, nested_depth):
        """The four columns of a partial date are one field, named after the date; ``url``
        is always the record's API address (a model's own ``url`` is exposed as ``link``)."""
        if field_name == self.url_field_name:
            return self.build_url_field(field_name, model_class)
        if field_name in partial_date_names(model_class):
            required = not model_class._meta.get_field(f"{field_name}_precision").blank
            return PartialDateField, {"required_date": required, "required": False}
        return super().build_field(field_name, info, model_class, nested_depth)

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        names = partial_date_names(model)
        for name, field in fields.items():
            date = field.source or name
            if isinstance(field, PartialDateField) and not field.read_only and date in names:
                required = not model._meta.get_field(f"{date}_precision").blank
                # A required date must be sent on create; an update may leave it out.
                field.required = required and self.instance is None and not self.partial
        return fields

    def create(self, validated_data):
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)

    def _save(self, instance, validated_data):
        m2m = {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if name in {f.name for f in self.Meta.model._meta.many_to_many}
        }
        request = self.context.get("request")
        try:
            return record_save(
                instance=instance,
                values=validated_data,
                m2m=m2m,
                user=getattr(request, "user", None),
                expected_version=self.context.get("expected_version"),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(self._errors_by_field(exc)) from exc

    def _errors_by_field(self, exc: DjangoValidationError) -> dict:
        """Model errors keyed as the client knows the fields (a date, not its columns)."""
        if not hasattr(exc, "error_dict"):
            return {"non_field_errors": get_error_detail(exc)}
        names = partial_date_names(self.Meta.model)
        by_source = {field.source: name for name, field in self.fields.items()}
        errors: dict = {}
        for key, messages in exc.message_dict.items():
            target = key
            for name in names:
                if key.startswith(f"{name}_") and key[len(name) + 1 :] in PARTIAL_DATE_COLUMNS:
                    target = name
            target = "non_field_errors" if key == "__all__" else by_source.get(target, target)
            errors.setdefault(target, []).extend(messages)
        return errors
