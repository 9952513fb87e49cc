"""job_start queues after the commit; run_job ends every job with its result or its error,
reports progress, and deletes the uploaded inputs however the job ends."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from jobs import registry
from jobs.models import Job, JobStatus
from jobs.services import input_files, job_start, run_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def kind(monkeypatch):
    """Registers a test kind whose work is the function given; returns its key."""

    def register(work):
        monkeypatch.setitem(registry.KINDS, "test", registry.JobKind("test", "test", work))
        return "test"

    return register


def writes_a_file(job, progress):
    (upload,) = input_files(job)
    with upload:
        text = upload.read().decode()
    for done in range(4):
        progress("counting", done, 3)
    path = Path(default_storage.location) / "out.tmp"
    path.write_text(text.upper())
    return registry.JobOutput(summary="uppercased", file=path, filename="out.txt")


def test_a_job_runs_after_the_commit_and_keeps_its_result(alice, kind, run_jobs):
    with run_jobs():
        job = job_start(kind(writes_a_file), alice, {"a": 1}, [ContentFile(b"abc", "in.txt")])
        assert Job.objects.get().status == JobStatus.QUEUED  # not before the commit
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.summary, job.error, job.parameters) == ("uppercased", "", {"a": 1})
    assert job.result.name == f"jobs/{job.pk}-out.txt"
    assert job.result.read() == b"ABC"
    assert (job.stage, job.progress_done, job.progress_total) == ("counting", 3, 3)
    assert job.started_at and job.finished_at >= job.started_at
    assert job.task_id
    assert not default_storage.exists(job.inputs[0]["path"])  # the input is gone
    assert not (Path(default_storage.location) / "out.tmp").exists()  # moved to the result


def refuses(job, progress):
    progress("checking", 1, 2)
    raise registry.JobFailed("line 3: no name; nothing was done.")


def breaks(job, progress):
    raise KeyError("boom")


@pytest.mark.parametrize(
    ("work", "error"),
    [
        (refuses, "line 3: no name; nothing was done."),
        (breaks, "Unexpected error (KeyError: 'boom'); the worker's log has the details."),
    ],
    ids=["refused", "unexpected"],
)
def test_a_failing_job_keeps_its_error_and_loses_its_inputs(alice, kind, run_jobs, work, error):
    with run_jobs():
        job = job_start(kind(work), alice, {}, [ContentFile(b"abc", "in.txt")])
    job.refresh_from_db()
    assert (job.status, job.error, job.result.name) == (JobStatus.FAILED, error, "")
    assert job.finished_at is not None
    assert not default_storage.exists(job.inputs[0]["path"])


def test_a_job_of_an_unknown_kind_fails_saying_so(alice, kind):
    kind(refuses)
    job = Job.objects.create(kind="gone", created_by=alice)
    assert run_job(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.error.startswith("Unknown kind of job 'gone': this worker runs ")


def test_a_job_runs_once(alice, kind):
    calls = []
    kind(lambda job, progress: calls.append(job.pk) or registry.JobOutput())
    job = Job.objects.create(kind="test", created_by=alice)
    assert run_job(job.pk) == JobStatus.SUCCEEDED
    assert run_job(job.pk) == ""  # a second delivery of the task: left alone
    assert calls == [job.pk]


def test_a_job_that_cannot_be_queued_fails_saying_why(alice, kind, run_jobs, monkeypatch):
    from jobs.tasks import run_job_task

    def refuse(*args, **kwargs):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(type(run_job_task), "enqueue", refuse)
    with run_jobs():
        job = job_start(kind(refuses), alice, {}, [ContentFile(b"abc", "in.txt")])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The job could not be queued (ConnectionError: queue unreachable)."
    assert not default_storage.exists(job.inputs[0]["path"])


def test_an_unknown_kind_cannot_be_started(alice):
    with pytest.raises(ValueError, match="unknown kind of job 'nope'"):
        job_start("nope", alice, {})
    assert not Job.objects.exists()
