"""An admin list upload answers at once with the job's page; the job imports the list,
reports the importer's progress and links the import run it made."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from importer.models import ImportRun
from jobs.models import Job, JobStatus
from tests.importer.conftest import UN_SAMPLE

pytestmark = pytest.mark.django_db
URL = "/admin/importer/importrun/upload/"


def test_the_upload_redirects_to_its_job_which_links_the_run(admin_client, run_jobs):
    files = [SimpleUploadedFile(UN_SAMPLE.name, UN_SAMPLE.read_bytes())]
    with run_jobs():
        response = admin_client.post(URL, {"source": "un-sc", "files": files})
        job = Job.objects.get()
        assert job.status == JobStatus.QUEUED  # the request did not import
        assert not ImportRun.objects.exists()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    job.refresh_from_db()
    run = ImportRun.objects.get()
    assert (job.kind, job.status, job.result_object) == ("list-upload", JobStatus.SUCCEEDED, run)
    assert job.created_by.username == "admin" == run.user.username
    assert job.stage == "written" and job.progress_done == job.progress_total > 0
    assert job.parameters == {
        "source": "un-sc",
        "list_date": None,
        "dry_run": False,
        "allow_mass_delisting": False,
        "allow_orphan_rows": False,
        "allow_warnings": False,
    }
    page = admin_client.get(response["Location"]).content.decode()
    assert "is queued as job" in page  # the message left by the upload
    assert f"/admin/importer/importrun/{run.pk}/change/" in page
    assert f"written: {job.progress_done:,} of {job.progress_total:,} (100%)" in page
    assert 'http-equiv="refresh"' not in page  # ended: no more reloading


def test_the_page_of_a_job_in_progress_reloads_itself(admin_client, superuser):
    job = Job.objects.create(kind="list-upload", created_by=superuser)
    page = admin_client.get(f"/admin/jobs/job/{job.pk}/change/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
