"""Starting and running jobs.

``job_start`` records the job and queues it once the caller's transaction commits (a job
queued for rows that were rolled back would run on nothing). ``run_job`` is what the worker
runs: it claims the job, reports progress, and ends it with its result or its error, never
neither; the uploaded input files are deleted when the job ends, however it ends.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.progress import Progress
from jobs.registry import KINDS, JobFailed, JobOutput

logger = logging.getLogger(__name__)

INPUTS_FOLDER = "jobs/inputs"


def job_start(kind: str, user, params: dict, input_files: Iterable[File] = ()) -> Job:
    """Record a queued job of ``kind`` for ``user`` and queue it after the commit.

    ``params`` must be JSON (the worker rebuilds everything from them); ``input_files``
    (uploads) are copied under MEDIA_ROOT/jobs/inputs/ until the job ends."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of job {kind!r}: choose one of {', '.join(KINDS)}")
    inputs = [_save_input(f) for f in input_files]
    try:
        job = Job.objects.create(kind=kind, created_by=user, parameters=params, inputs=inputs)
    except BaseException:
        _delete_inputs(inputs)
        raise
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _save_input(upload: File) -> dict:
    name = Path(upload.name or "upload").name
    path = default_storage.save(f"{INPUTS_FOLDER}/{secrets.token_hex(8)}-{name}", upload)
    return {"name": name, "path": path}


def _enqueue(job_id: int) -> None:
    from jobs.tasks import run_job_task  # the task module imports this one

    try:
        result = run_job_task.enqueue(job_id)
    except Exception as exc:
        logger.exception("job %s could not be queued", job_id)
        job = Job.objects.get(pk=job_id)
        _fail(job, f"The job could not be queued ({type(exc).__name__}: {exc}).", None)
        _delete_inputs(job.inputs)
        return
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def input_files(job: Job) -> list[File]:
    """The job's uploaded files, opened, each named as uploaded (close them after)."""
    files = []
    for item in job.inputs:
        handle = default_storage.open(item["path"], "rb")
        files.append(File(handle, name=item["name"]))
    return files


def run_job(job_id: int) -> str:
    """Run a queued job to its end; returns its status. A job that is not queued (run
    already, by another worker) is left alone."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        logger.warning("job %s is not queued (run already, or deleted): skipped", job_id)
        return ""
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    output: JobOutput | None = None
    try:
        kind = KINDS.get(job.kind)
        if kind is None:
            raise JobFailed(
                f"Unknown kind of job {job.kind!r}: this worker runs {', '.join(KINDS)}."
            )
        output = kind.run(job, progress)
        _succeed(job, output, progress)
    except JobFailed as exc:
        _fail(job, str(exc) or "The job failed.", progress)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(
            job,
            f"Unexpected error ({type(exc).__name__}: {exc}); the worker's log has the details.",
            progress,
        )
    except BaseException:
        _fail(job, "Interrupted: the worker stopped during the job. Start it again.", progress)
        raise
    finally:
        progress.close()
        _delete_inputs(job.inputs)
        if output is not None and output.file is not None:
            output.file.unlink(missing_ok=True)
    return job.status


def _succeed(job: Job, output: JobOutput, progress: Progress) -> None:
    if output.file is not None:
        with output.file.open("rb") as handle:
            name = f"{job.pk}-{output.filename or output.file.name}"
            job.result.save(name, File(handle), save=False)
    if output.record is not None and output.record.pk is not None:
        job.result_object = output.record
    job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.summary = output.summary
    _set_progress(job, progress, finished=True)
    job.save()


def _fail(job: Job, message: str, progress: Progress | None) -> None:
    if job.result:
        job.result.delete(save=False)
    job.result = ""
    job.status = JobStatus.FAILED
    now = timezone.now()
    job.started_at = job.started_at or now
    job.finished_at = now
    job.error = message
    job.result_type = job.result_id = None
    if progress is not None:
        _set_progress(job, progress, finished=False)
    job.save()


def _set_progress(job: Job, progress: Progress, *, finished: bool) -> None:
    job.stage = progress.stage[:50]
    job.progress_total = progress.total
    job.progress_done = progress.total if finished else progress.done


def _delete_inputs(inputs: list[dict]) -> None:
    for item in inputs:
        try:
            default_storage.delete(item["path"])
        except OSError:
            logger.warning("job input %s could not be deleted", item["path"], exc_info=True)


def jobs_fail_stale(*, silent_for: dt.timedelta, dry_run: bool = False) -> list[Job]:
    """Fail the running jobs that have reported nothing for ``silent_for``: their worker was
    killed (a SIGKILL or a lost machine ends no job), and they would show "running" forever.
    Their inputs are deleted like those of any ended job."""
    cutoff = timezone.now() - silent_for
    stale = list(
        Job.objects.filter(status=JobStatus.RUNNING)
        .annotate(last_sign=Coalesce("heartbeat_at", "started_at"))
        .filter(last_sign__lt=cutoff)
        .order_by("pk")
    )
    if dry_run:
        return stale
    for job in stale:
        with transaction.atomic():
            # Only if it is still running and silent: the worker may have ended it meanwhile.
            locked = (
                Job.objects.select_for_update()
                .filter(pk=job.pk, status=JobStatus.RUNNING)
                .annotate(last_sign=Coalesce("heartbeat_at", "started_at"))
                .filter(last_sign__lt=cutoff)
                .first()
            )
            if locked is None:
                continue
            last = timezone.localtime(locked.last_sign).strftime("%Y-%m-%d %H:%M:%S %Z")
            _fail(
                locked,
                f"The worker stopped without ending the job: no progress since {last}. "
                "Start it again.",
                None,
            )
        _delete_inputs(locked.inputs)
    return stale


def jobs_prune(*, finished_before: dt.datetime, dry_run: bool = False) -> int:
    """Delete the jobs that ended before ``finished_before``, with their result files.
    Queued and running jobs are never pruned. Returns how many were (or would be) deleted."""
    ended = Job.objects.filter(
        status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED], finished_at__lt=finished_before
    ).order_by("pk")
    if dry_run:
        return ended.count()
    deleted = 0
    for job in ended.iterator(chunk_size=500):
        with transaction.atomic():
            if job.result:
                # The file goes after the commit: a rolled-back delete keeps its file.
                name = job.result.name
                transaction.on_commit(partial(_delete_result_file, name))
            job.delete()
        deleted += 1
    return deleted


def _delete_result_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("job result %s could not be deleted", name, exc_info=True)
