"""The analyst's forms. Screening's are validated by the API's own serializers: one rule for
a query, whether it comes from the API, a CSV row or this page."""

from __future__ import annotations

from django import forms

from entities.choices import EntityKind
from screening import jobs
from screening.api.serializers import (
    OPTION_FIELDS,
    QUERY_FIELDS,
    MatchOptionsSerializer,
    MatchParametersSerializer,
)
from screening.services import DEFAULT_LIMIT, DEFAULT_THRESHOLD, MAX_LIMIT


def _apply_serializer(form: forms.Form, serializer_class, names) -> dict | None:
    """Validate the form's values with the API's serializer; its errors go on the fields
    they name. Blank values are left out, so the serializer's defaults apply. A field the
    form refused already (too long, a NUL) keeps its own error, not "required" as well."""
    data = {name: form.cleaned_data.get(name) for name in names}
    serializer = serializer_class(data={k: v for k, v in data.items() if v not in ("", None)})
    if serializer.is_valid():
        return serializer
    for field, messages in serializer.errors.items():
        if field in form.errors:
            continue
        for message in messages:
            form.add_error(field if field in form.fields else None, str(message))
    return None


def _option_fields():
    limit = forms.CharField(
        required=False,
        label="At most",
        help_text=f"Candidates per name, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
        widget=forms.TextInput(attrs={"size": 4, "inputmode": "numeric"}),
    )
    threshold = forms.CharField(
        required=False,
        label="Lowest score",
        help_text=f"0 to 1 (default {DEFAULT_THRESHOLD}).",
        widget=forms.TextInput(attrs={"size": 4, "inputmode": "decimal"}),
    )
    return limit, threshold


class ScreeningForm(forms.Form):
    """One name, with what else is known of it."""

    name = forms.CharField(required=False, max_length=500, help_text="The name to screen.")
    country = forms.CharField(
        required=False,
        max_length=2,
        help_text="ISO 3166-1 alpha-2, e.g. PK: a country that disagrees lowers the score.",
        widget=forms.TextInput(attrs={"size": 3}),
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", "any kind"), *EntityKind.choices], label="Kind"
    )
    birth_date = forms.CharField(
        required=False,
        label="Born or founded",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD.",
        widget=forms.TextInput(attrs={"size": 10}),
    )
    identifier = forms.CharField(
        required=False,
        max_length=255,
        help_text="A passport, tax, registration or IMO number: an exact match scores 1.",
    )
    limit, threshold = _option_fields()

    def clean(self):
        cleaned = super().clean()
        serializer = _apply_serializer(
            self, MatchParametersSerializer, QUERY_FIELDS + OPTION_FIELDS
        )
        if serializer is not None:
            self.query = serializer.to_query()
            self.options = {k: serializer.validated_data[k] for k in OPTION_FIELDS}
        return cleaned


class ScreeningFileForm(forms.Form):
    """A CSV file of names, screened in the background as the API's file screening is."""

    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, a header row naming the columns: name (required), country, kind, "
        "birth_date, identifier.",
    )
    limit, threshold = _option_fields()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            jobs.check_header(upload)
        except jobs.FileRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def clean(self):
        cleaned = super().clean()
        serializer = _apply_serializer(self, MatchOptionsSerializer, OPTION_FIELDS)
        if serializer is not None:
            self.options = dict(serializer.validated_data)
        return cleaned
