"""/api/v1/jobs/: the signed-in user's background jobs (staff: everyone's), and their
result files."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated

from jobs import registry
from jobs.models import Job, JobStatus
from jobs.selectors import jobs_visible_to

LIST_PARAMETERS = {"page", "page_size", "format"}


class JobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This job: poll it until it has ended.")
    kind_label = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.get_username", read_only=True)
    progress = serializers.SerializerMethodField(help_text="stage, done, total")
    result_url = serializers.SerializerMethodField(
        help_text="Where to download the result file, once the job succeeded with one."
    )
    result_record = serializers.SerializerMethodField(
        help_text="The record the job made (an import run): type and id."
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "url",
            "kind",
            "kind_label",
            "status",
            "progress",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
            "parameters",
            "summary",
            "error",
            "result_url",
            "result_record",
        ]
        read_only_fields = fields

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_url(self, job) -> str:
        return self._absolute(job_url(job))

    def get_kind_label(self, job) -> str:
        return registry.label(job.kind)

    def get_progress(self, job) -> dict:
        return {"stage": job.stage, "done": job.progress_done, "total": job.progress_total}

    def get_result_url(self, job) -> str | None:
        return self._absolute(job_result_url(job)) if job.result else None

    def get_result_record(self, job) -> dict | None:
        if job.result_type_id is None:
            return None
        return {"type": job.result_type.model, "id": job.result_id}


def job_url(job: Job) -> str:
    return reverse("job-detail", kwargs={"pk": job.pk})


def job_result_url(job: Job) -> str:
    return reverse("job-result", kwargs={"pk": job.pk})


def accepted_body(job: Job, request) -> dict:
    """The body of a 202 that started ``job``; its URL goes in ``Location`` too."""
    return JobSerializer(job, context={"request": request}).data


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Background jobs, newest first: status, progress, result file or error."""

    serializer_class = JobSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return jobs_visible_to(self.request.user)

    def initial(self, request, *args, **kwargs):
        # Like every list: an unknown parameter is refused, before who asks is looked at.
        self.format_kwarg = self.get_format_suffix(**kwargs)
        allowed = LIST_PARAMETERS if self.action == "list" else {"format"}
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            known = ", ".join(sorted(allowed))
            raise ValidationError(
                {name: [f"Unknown parameter. Known: {known}."] for name in unknown}
            )
        super().initial(request, *args, **kwargs)

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The job's result file, a CSV."
            )
        }
    )
    @action(detail=True, methods=["get"])
    def result(self, request, pk=None):
        """Download the job's result file."""
        job = self.get_object()
        if not job.result:
            if job.status == JobStatus.SUCCEEDED:
                detail = "This job made no file; see its summary."
            elif job.status == JobStatus.FAILED:
                detail = f"This job failed, so it has no result: {job.error}"
            else:
                detail = f"This job is {job.status}: its result is not ready yet."
            raise NotFound(detail)
        name = Path(job.result.name).name.split("-", 1)[-1]
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=name)
