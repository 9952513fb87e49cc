"""Imports in the admin: what each run did, its differences to review, and the list entries
the tracker follows. All read-only: imports are made by ``manage.py import_list``."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from importer import exports
from importer.models import ImportDifference, ImportRun, ListEntryState
from sanctions_tracker.services import export_csv


class ReadOnlyAdmin(admin.ModelAdmin):
    csv_export = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Export the selected %(verbose_name_plural)s as CSV")
    def export_csv(self, request, queryset):
        return export_csv(export=self.csv_export, queryset=queryset)

    actions = ["export_csv"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "source",
        "status",
        "list_date",
        "entries",
        "added",
        "changed",
        "delisted",
        "unchanged",
        "linked",
        "conflicts",
        "warnings",
        "differences_link",
    ]
    list_filter = ["source", "status"]
    search_fields = ["sha256", "path"]
    date_hierarchy = "started_at"
    csv_export = exports.IMPORT_RUN_EXPORT
    fields = [
        "source",
        "status",
        "path",
        "files",
        "sha256",
        "list_date",
        "list_source",
        "started_at",
        "finished_at",
        "user",
        ("entries", "added", "changed", "delisted", "unchanged"),
        ("linked", "conflicts", "warnings"),
        "differences_link",
    ]
    readonly_fields = [
        name for item in fields for name in (item if isinstance(item, tuple) else (item,))
    ]

    @admin.display(description="differences")
    def differences_link(self, run):
        url = reverse("admin:importer_importdifference_changelist") + f"?run__id__exact={run.pk}"
        to_review = run.linked + run.conflicts
        return format_html('<a href="{}">{} to review, all differences</a>', url, to_review)


@admin.register(ImportDifference)
class ImportDifferenceAdmin(ReadOnlyAdmin):
    list_display = ["run", "action", "reference", "entity", "field", "before", "after", "message"]
    list_filter = ["action", "run__source", "run"]
    search_fields = ["reference", "entity__name", "message"]
    list_select_related = ["run", "entity"]
    csv_export = exports.IMPORT_DIFFERENCE_EXPORT


@admin.register(ListEntryState)
class ListEntryStateAdmin(ReadOnlyAdmin):
    list_display = ["source", "reference", "entity", "present", "last_run"]
    list_filter = ["source", "present"]
    search_fields = ["reference", "entity__name"]
    list_select_related = ["entity", "last_run"]
    exclude = ["data"]
    readonly_fields = [
        "source",
        "reference",
        "entity",
        "digest",
        "present",
        "first_run",
        "last_run",
    ]
    actions = []
