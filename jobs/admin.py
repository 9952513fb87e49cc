"""Jobs in the admin, read-only: who started what, how far it got, its result or its error."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from jobs import registry
from jobs.api import job_result_url
from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind_label", "status", "progress", "created_by", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["created_by__username", "summary", "error"]
    date_hierarchy = "created_at"
    fields = [
        ("kind_label", "status"),
        "progress",
        "created_by",
        ("created_at", "started_at", "finished_at"),
        "parameters",
        "input_names",
        "summary",
        "error",
        "result_link",
        "record_link",
        "task_id",
    ]
    readonly_fields = [
        name for item in fields for name in (item if isinstance(item, tuple) else (item,))
    ]

    def has_add_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        """Besides who may view jobs, whoever started this one (a reader screening a file
        from the admin follows its job here)."""
        if super().has_view_permission(request, obj):
            return True
        return obj is not None and obj.created_by_id == request.user.pk

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by", "result_type")

    @admin.display(description="kind", ordering="kind")
    def kind_label(self, job):
        return registry.label(job.kind)

    @admin.display(description="progress")
    def progress(self, job):
        if not job.progress_total:
            return job.stage or "-"
        percent = 100 * job.progress_done // job.progress_total
        return f"{job.stage}: {job.progress_done:,} of {job.progress_total:,} ({percent}%)"

    @admin.display(description="input files")
    def input_names(self, job):
        return ", ".join(item["name"] for item in job.inputs) or "-"

    @admin.display(description="result file")
    def result_link(self, job):
        if not job.result:
            return "-"
        return format_html('<a href="{}">download</a>', job_result_url(job))

    @admin.display(description="result record")
    def record_link(self, job):
        record = job.result_object
        if record is None:
            return "-"
        meta = record._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        except NoReverseMatch:
            return str(record)
        return format_html('<a href="{}">{}</a>', url, record)
