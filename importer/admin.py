"""Imports in the admin: what each run did, its differences to review, and the list entries
the tracker follows. The records are read-only; a user with the "add import run" permission
(administrators) may also import a list by uploading its files, the same import as
``manage.py import_list``."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from importer import exports
from importer.admin_review import ProposedMatchAdmin, proposals_table  # noqa: F401
from importer.forms import ListUploadForm
from importer.jobs import start_list_upload
from importer.models import ImportDifference, ImportRun, ListEntryState
from sanctions_tracker.services import export_csv
from sanctions_tracker.uploads import upload_refusal


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
        "counts",
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
        "files_display",
        "sha256",
        "list_date",
        "list_source",
        "started_at",
        "finished_at",
        "user",
        ("entries", "added", "changed", "delisted", "unchanged"),
        ("linked", "conflicts", "warnings"),
        "differences_link",
        "proposals",
    ]
    readonly_fields = [
        name for item in fields for name in (item if isinstance(item, tuple) else (item,))
    ]

    # Importing by upload ----------------------------------------------------------------
    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="importer_importrun_upload"), *super().get_urls()]

    def has_upload_permission(self, request) -> bool:
        return request.user.has_perm("importer.add_importrun")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": self.has_upload_permission(request)}
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        """Upload a list's files: they are imported by the worker, as a job, and the job's
        page shows how it goes and links the import run when it is done."""
        if not self.has_upload_permission(request):
            raise PermissionDenied
        form = ListUploadForm(request.POST or None, request.FILES or None)
        refused = upload_refusal(request)
        if refused:
            form.add_error(None, refused)
        elif request.method == "POST" and form.is_valid():
            job = start_list_upload(user=request.user, **form.cleaned_data)
            messages.info(
                request,
                f"The import of {form.cleaned_data['source']} is queued as job #{job.pk}: "
                "this page follows its progress and links the import run when it is done.",
            )
            return redirect("admin:jobs_job_change", job.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a list",
            "form": form,
            "upload_max_size_mb": settings.UPLOAD_MAX_SIZE_MB,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/importer/importrun/upload.html", context)

    @admin.display(description="added, changed, delisted, unchanged; warnings")
    def counts(self, run):
        """The counts in one column: thirteen columns do not fit a 1366 px window."""
        return (
            f"{run.added} added, {run.changed} changed, {run.delisted} delisted, "
            f"{run.unchanged} unchanged; {run.warnings} warnings"
        )

    @admin.display(description="files")
    def files_display(self, run):
        """One line per file, its name and SHA-256 (the JSON column, readable)."""
        if not run.files:
            return "—"
        return format_html_join(
            "\n",
            "<div><code>{}</code> SHA-256 <code>{}</code></div>",
            sorted(run.files.items()),
        )

    @admin.display(description="differences")
    def differences_link(self, run):
        url = reverse("admin:importer_importdifference_changelist") + f"?run__id__exact={run.pk}"
        to_review = run.linked + run.conflicts
        return format_html('<a href="{}">{} to review, all differences</a>', url, to_review)

    @admin.display(description="proposed matches")
    def proposals(self, run):
        return proposals_table(run)


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
