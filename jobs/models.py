"""A background job: what was asked, by whom, how far it got, and its result or its error.

The queue itself is django-tasks' (its database backend); a Job is what users and the admin
follow, whatever the queue keeps or prunes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    SUCCEEDED = "succeeded", "succeeded"
    FAILED = "failed", "failed"


ENDED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Job(models.Model):
    kind = models.CharField(max_length=50, help_text="What the job does (jobs.registry).")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    stage = models.CharField(max_length=50, blank=True, help_text="The step it is at.")
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the running job last reported progress: a job silent for long is "
        "one whose worker died (prune_jobs fails it).",
    )
    parameters = models.JSONField(default=dict, blank=True)
    inputs = models.JSONField(
        default=list,
        blank=True,
        help_text="Uploaded input files, [{name, path}] in the storage; deleted when the job ends.",
    )
    result = models.FileField(upload_to="jobs/", blank=True, max_length=255)
    summary = models.TextField(blank=True, help_text="One line: what the job did.")
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The queue's task id.")
    # What the job made, when it is a record (an import run).
    result_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_id = models.PositiveBigIntegerField(null=True, blank=True)
    result_object = GenericForeignKey("result_type", "result_id")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="jobs_job_status_valid",
                violation_error_message="status must be queued, running, succeeded or failed.",
            ),
            models.CheckConstraint(condition=~Q(kind=""), name="jobs_job_kind_not_blank"),
            models.CheckConstraint(
                condition=Q(status__in=["succeeded", "failed"], finished_at__isnull=False)
                | (~Q(status__in=["succeeded", "failed"]) & Q(finished_at__isnull=True)),
                name="jobs_job_finished_only_when_ended",
                violation_error_message="A job has a finish time exactly when it has ended.",
            ),
            models.CheckConstraint(
                condition=Q(status="queued", started_at__isnull=True)
                | (~Q(status="queued") & Q(started_at__isnull=False)),
                name="jobs_job_started_unless_queued",
                violation_error_message="A job has a start time exactly when it is not queued.",
            ),
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(started_at__gte=F("created_at")),
                name="jobs_job_started_after_created",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="jobs_job_finished_after_started",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")),
                name="jobs_job_progress_within_total",
            ),
            models.CheckConstraint(
                condition=(Q(status="failed") & ~Q(error="")) | (~Q(status="failed") & Q(error="")),
                name="jobs_job_error_exactly_when_failed",
                violation_error_message="A failed job says why; no other job has an error.",
            ),
            models.CheckConstraint(
                condition=Q(status="succeeded") | Q(result=""),
                name="jobs_job_result_only_when_succeeded",
            ),
        ]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"job #{self.pk} {self.kind} ({self.status})"

    @property
    def ended(self) -> bool:
        return self.status in ENDED
