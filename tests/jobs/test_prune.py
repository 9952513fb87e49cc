"""prune_jobs: a running job whose worker died is failed, saying since when it was silent;
ended jobs past the keeping period go with their result files; nothing else is touched."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.progress import Progress

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def running(user, *, started_minutes_ago, heartbeat_minutes_ago=None, inputs=()):
    started = NOW - dt.timedelta(minutes=started_minutes_ago)
    beat = None
    if heartbeat_minutes_ago is not None:
        beat = NOW - dt.timedelta(minutes=heartbeat_minutes_ago)
    return Job.objects.create(
        kind="export",
        created_by=user,
        status=JobStatus.RUNNING,
        created_at=started,
        started_at=started,
        heartbeat_at=beat,
        inputs=list(inputs),
    )


def ended(user, *, days_ago, status=JobStatus.SUCCEEDED, result=b""):
    finished = NOW - dt.timedelta(days=days_ago)
    job = Job(
        kind="export",
        created_by=user,
        status=status,
        created_at=finished,
        started_at=finished,
        finished_at=finished,
        error="it failed" if status == JobStatus.FAILED else "",
    )
    if result:
        job.result.save("out.csv", ContentFile(result), save=False)
    job.save()
    return job


def prune(*args):
    out = StringIO()
    call_command("prune_jobs", *args, stdout=out)
    return out.getvalue()


def test_a_silent_running_job_is_failed_and_loses_its_inputs(alice):
    path = default_storage.save("jobs/inputs/in.csv", ContentFile(b"a"))
    dead = running(
        alice,
        started_minutes_ago=200,
        heartbeat_minutes_ago=90,
        inputs=[{"name": "in.csv", "path": path}],
    )
    alive = running(alice, started_minutes_ago=200, heartbeat_minutes_ago=5)
    fresh = running(alice, started_minutes_ago=10)  # no progress yet, but started recently
    never_beat = running(alice, started_minutes_ago=61)  # no progress since it started

    out = prune("--stale-minutes", "60")

    dead.refresh_from_db()
    assert dead.status == JobStatus.FAILED
    assert dead.error.startswith("The worker stopped without ending the job: no progress since ")
    assert dead.finished_at is not None
    assert not default_storage.exists(path)
    assert Job.objects.get(pk=never_beat.pk).status == JobStatus.FAILED
    assert Job.objects.get(pk=alive.pk).status == JobStatus.RUNNING
    assert Job.objects.get(pk=fresh.pk).status == JobStatus.RUNNING
    assert "2 running job(s) without a worker were failed." in out


@pytest.mark.django_db(transaction=True)
def test_progress_is_a_heartbeat(alice):
    """Outside a transaction, as the worker runs (inside one, progress goes aside)."""
    job = running(alice, started_minutes_ago=200, heartbeat_minutes_ago=90)
    Progress(job, min_interval=0)("exporting", 1, 10)

    prune("--stale-minutes", "60")

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert job.heartbeat_at > NOW


def test_old_ended_jobs_go_with_their_files_and_recent_ones_stay(
    alice, django_capture_on_commit_callbacks
):
    old = ended(alice, days_ago=31, result=b"a,b\n")
    old_failed = ended(alice, days_ago=40, status=JobStatus.FAILED)
    recent = ended(alice, days_ago=29)
    busy = running(alice, started_minutes_ago=5)
    old_file = old.result.name
    assert default_storage.exists(old_file)

    with django_capture_on_commit_callbacks(execute=True):  # files go at the commit
        out = prune("--keep-days", "30")

    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, busy.pk}
    assert not default_storage.exists(old_file)
    assert "2 job(s) ended before" in out
    assert old_failed.pk not in Job.objects.values_list("pk", flat=True)


def test_dry_run_changes_nothing(alice):
    ended(alice, days_ago=31)
    job = running(alice, started_minutes_ago=200, heartbeat_minutes_ago=90)

    out = prune("--dry-run", "--keep-days", "30", "--stale-minutes", "60")

    assert Job.objects.count() == 2
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    assert "1 running job(s) without a worker would be failed." in out
    assert "1 job(s) ended before" in out and "would be deleted" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keep-days", "-1"], "--keep-days must be 0 or more, not -1."),
        (["--stale-minutes", "0"], "--stale-minutes must be 1 or more, not 0."),
    ],
)
def test_bad_arguments_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        prune(*args)
