"""Through the real queue: a request queues a job in the database at its commit, and the
real worker (``manage.py db_worker --batch``) runs it to its end. PostgreSQL only: the
worker claims tasks with SELECT ... FOR UPDATE SKIP LOCKED there."""

import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from importer.models import ImportRun
from jobs.models import Job, JobStatus
from jobs.progress import Progress
from tests import factories as f
from tests.importer.conftest import UN_SAMPLE
from tests.transactional import token_client, user_with_permissions

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def real_queue(settings):
    if connection.vendor != "postgresql":
        pytest.skip("the real worker's test runs on PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """Run every queued task, then stop; the worker's signal handlers are put back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def test_a_large_export_runs_in_the_real_worker(django_user_model, settings, media_root):
    settings.EXPORT_JOB_MIN_ROWS = 2
    user = user_with_permissions(django_user_model, "exporter")
    for i in range(3):
        f.BodyFactory(code=f"B{i}", name=f"Body {i}")
    api = token_client(user)

    response = api.get("/api/v1/bodies/", {"format": "csv"})

    assert response.status_code == 202
    job = Job.objects.get()
    task = DBTaskResult.objects.get()
    assert (job.status, job.task_id, task.status) == (JobStatus.QUEUED, str(task.id), "READY")
    run_worker()
    job.refresh_from_db()
    task.refresh_from_db()
    assert (job.status, task.status) == (JobStatus.SUCCEEDED, "SUCCESSFUL")
    assert task.return_value == "succeeded"
    assert (job.progress_done, job.progress_total, job.summary) == (3, 3, "3 rows of bodies")
    lines = job.result.read().decode("utf-8-sig").splitlines()
    assert len(lines) == 4
    download = api.get(f"/api/v1/jobs/{job.pk}/result/")
    assert b"".join(download.streaming_content).decode("utf-8-sig").splitlines() == lines


def test_an_admin_upload_is_imported_by_the_real_worker(client, django_user_model, media_root):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    files = [SimpleUploadedFile(UN_SAMPLE.name, UN_SAMPLE.read_bytes())]

    response = client.post("/admin/importer/importrun/upload/", {"source": "un-sc", "files": files})

    job = Job.objects.get()
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    assert not ImportRun.objects.exists()
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result_object == ImportRun.objects.get()
    assert job.progress_done == job.progress_total > 0
    assert not list((media_root / "jobs" / "inputs").iterdir())  # the upload is gone


def test_progress_inside_a_long_transaction_is_seen_by_others(django_user_model):
    """An import reports from inside its transaction: progress goes through a connection of
    its own, so that the admin and the API see it before the import commits."""
    user = django_user_model.objects.create_user("importer")
    now = timezone.now()
    job = Job.objects.create(
        kind="list-upload",
        created_by=user,
        status=JobStatus.RUNNING,
        created_at=now,
        started_at=now,
    )
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    progress = Progress(job)
    try:
        with transaction.atomic():
            progress("compared", 5, 10)
            with other.cursor() as cursor:
                cursor.execute(
                    "SELECT stage, progress_done, progress_total FROM jobs_job WHERE id = %s",
                    [job.pk],
                )
                assert cursor.fetchone() == ("compared", 5, 10)
    finally:
        progress.close()
        other.close()
