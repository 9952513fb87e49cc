"""The database refuses a job in an impossible state, whatever code writes it."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs.models import Job

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LATER = NOW + dt.timedelta(seconds=5)


def valid(**changes) -> dict:
    return {"kind": "csv-export", "status": "queued", "created_at": NOW, **changes}


@pytest.mark.parametrize(
    "values",
    [
        valid(),
        valid(status="running", started_at=NOW),
        valid(status="succeeded", started_at=NOW, finished_at=LATER, result="jobs/1-a.csv"),
        valid(status="failed", started_at=NOW, finished_at=LATER, error="Why."),
        valid(status="running", started_at=NOW, progress_done=5, progress_total=10),
    ],
    ids=["queued", "running", "succeeded", "failed", "progress"],
)
def test_valid_jobs_are_accepted(alice, values):
    Job.objects.create(created_by=alice, **values)


@pytest.mark.parametrize(
    "values",
    [
        valid(status="paused"),
        valid(kind=""),
        valid(finished_at=LATER),  # queued, yet finished
        valid(status="running", started_at=NOW, finished_at=LATER),
        valid(status="succeeded", started_at=NOW),  # ended without a finish time
        valid(status="running"),  # running, never started
        valid(started_at=NOW),  # queued, yet started
        valid(status="running", started_at=NOW - dt.timedelta(days=1)),  # before it existed
        valid(status="failed", started_at=LATER, finished_at=NOW, error="x"),
        valid(status="running", started_at=NOW, progress_done=11, progress_total=10),
        valid(status="failed", started_at=NOW, finished_at=LATER),  # failed without a reason
        valid(status="succeeded", started_at=NOW, finished_at=LATER, error="x"),
        valid(status="failed", started_at=NOW, finished_at=LATER, error="x", result="a.csv"),
    ],
    ids=[
        "unknown-status",
        "no-kind",
        "queued-finished",
        "running-finished",
        "ended-unfinished",
        "running-unstarted",
        "queued-started",
        "started-before-created",
        "finished-before-started",
        "progress-past-total",
        "failed-without-error",
        "error-without-failure",
        "result-of-a-failure",
    ],
)
def test_impossible_jobs_are_refused_by_the_database(alice, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(created_by=alice, **values)
