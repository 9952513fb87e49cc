"""Admin base classes for curated records: history, stale-edit refusal, CSV export."""

from __future__ import annotations

import dataclasses

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

from sanctions_tracker.concurrency import StaleRecordError
from sanctions_tracker.csv_export import CsvExport
from sanctions_tracker.forms import curated_form_for
from sanctions_tracker.history import IGNORED_IN_DIFFS

# Shown read-only. ``loaded_version`` is not among them: it is the hidden field that carries the
# version the form was opened at, and must be posted back.
AUDIT_FIELDS = ("uid", "created_at", "updated_at")


# What a History page shows for no value (no user, no reason, a field left empty): never
# Python's "None".
EMPTY = "—"


def _uses_default_form(admin_class) -> bool:
    return admin_class.form is forms.ModelForm


class CuratedHistoryContextHelper(HistoricalRecordContextHelper):
    """The before and after of a History page's changes: an empty value shown as a dash, a
    choice by its label."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if value is None or value == "" or value == []:
            return EMPTY
        field = self.model._meta.get_field(change.field)
        if field.choices and not field.many_to_many:
            return dict(field.flatchoices).get(value, value)  # a choice by its label
        return value


class CuratedAdmin(SimpleHistoryAdmin):
    """Every curated model's admin: per-record history with before and after values,
    one field per partial date, refusal of a stale save, and a streamed CSV export."""

    csv_export: CsvExport | None = None
    # Links typed without a scheme are taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 100
    show_full_result_count = True
    actions = ["export_csv"]
    # simple-history's list of a record's history rows, with no "None" shown.
    object_history_list_template = "admin/curated_history_list.html"

    def __init__(self, model, admin_site):
        if _uses_default_form(self):
            self.form = curated_form_for(model)
        super().__init__(model, admin_site)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *AUDIT_FIELDS)

    def get_fields(self, request, obj=None):
        fields = [
            f
            for f in super().get_fields(request, obj)
            if f not in (*AUDIT_FIELDS, "loaded_version")
        ]
        return [*fields, *AUDIT_FIELDS, "loaded_version"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets and not any("loaded_version" in fs[1]["fields"] for fs in fieldsets):
            fieldsets = [*fieldsets, ("Record", {"fields": [*AUDIT_FIELDS, "loaded_version"]})]
        return fieldsets

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecordError as exc:
            # Someone saved between our form's check and our save: the transaction was rolled
            # back; say so and show the current version.
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_historical_record_context_helper(self, request, historical_record):
        return CuratedHistoryContextHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each history row's changes against the row before it, bookkeeping columns left
        out. simple-history compares editable fields only, and a partial date's columns are
        not editable one by one: without them a delisting showed no change at all."""
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=_ignored_fields(previous),
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                changes = sorted(
                    [*delta.changes, *_uneditable_changes(current, previous)],
                    key=lambda change: change.field,
                )
                delta = dataclasses.replace(
                    delta, changes=changes, changed_fields=[c.field for c in changes]
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    @admin.action(description="Export the selected %(verbose_name_plural)s as CSV")
    def export_csv(self, request, queryset):
        """Streams the selection (with "select all", the whole filtered changelist)."""
        from sanctions_tracker.services import export_csv

        if self.csv_export is None:
            self.message_user(request, "This list has no CSV export.", messages.ERROR)
            return None
        return export_csv(export=self.csv_export, queryset=queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.csv_export is None:
            actions.pop("export_csv", None)
        return actions


def _ignored_fields(history_row) -> list[str]:
    return [f.name for f in history_row.tracked_fields if f.attname in IGNORED_IN_DIFFS]


def _uneditable_changes(old, new) -> list[ModelChange]:
    """The changes ``diff_against`` cannot see: of fields not editable on their own."""
    return [
        ModelChange(f.name, getattr(old, f.attname), getattr(new, f.attname))
        for f in new.tracked_fields
        if not f.editable
        and f.attname not in IGNORED_IN_DIFFS
        and getattr(old, f.attname) != getattr(new, f.attname)
    ]


class CuratedInlineMixin:
    """Inline rows get the same form rules as whole records (partial dates, version)."""

    extra = 0
    show_change_link = True

    def __init__(self, parent_model, admin_site):
        if _uses_default_form(self):
            self.form = curated_form_for(self.model)
        super().__init__(parent_model, admin_site)

    def get_fields(self, request, obj=None):
        fields = [
            f
            for f in super().get_fields(request, obj)
            if f not in (*AUDIT_FIELDS, "loaded_version")
        ]
        return [*fields, "loaded_version"]


class CuratedTabularInline(CuratedInlineMixin, admin.TabularInline):
    pass


class CuratedStackedInline(CuratedInlineMixin, admin.StackedInline):
    pass
