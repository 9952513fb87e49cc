"""The admin's "Import a list" takes an FtM file like any single-file list (the registry
gives it the choice): the same import as the command, run as a job."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entities.models import Body
from importer.models import ImportRun, ImportStatus
from jobs.models import Job, JobStatus
from tests.importer.conftest import FTM_ZALA

pytestmark = pytest.mark.django_db

URL = "/admin/importer/importrun/upload/"


@pytest.fixture(autouse=True)
def _jobs(media_root):
    return media_root


def _post(admin_client, run_jobs, content: bytes, name: str = FTM_ZALA.name):
    with run_jobs():
        return admin_client.post(
            URL, {"source": "ftm", "files": [SimpleUploadedFile(name, content)]}
        )


def test_uploading_an_ftm_file_imports_it(admin_client, run_jobs):
    response = _post(admin_client, run_jobs, FTM_ZALA.read_bytes())
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.source, run.status, run.added) == ("ftm", ImportStatus.APPLIED, 17)
    assert run.path == f"upload: {FTM_ZALA.name}"
    assert Body.objects.count() == 17
    page = admin_client.get(response["Location"]).content.decode()
    assert "17 entries, 17 added" in page


def test_a_damaged_ftm_upload_fails_its_job_naming_the_line(admin_client, run_jobs):
    _post(admin_client, run_jobs, b'{"id": "p1", "schema": "Person", "properties": {}}\n{oops\n')
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "zala-cluster.ftm.json, line 2: not a JSON object" in job.error
    assert not ImportRun.objects.exists()
