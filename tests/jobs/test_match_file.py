"""POST /api/v1/match/file/: a CSV of names, screened by the worker; its result is a CSV of
each row's candidates."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from jobs.models import Job, JobStatus
from screening.index import reset_indexes

pytestmark = pytest.mark.django_db
URL = "/api/v1/match/file/"


@pytest.fixture
def seed(db):
    reset_indexes()
    call_command("load_seed", verbosity=0)
    yield
    reset_indexes()


def csv_file(text: str, name="names.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_file_is_screened_as_a_job(alice, alice_api, seed, run_jobs):
    text = "name,country\nNational Development Complex,PK\nNobody Atall Zzyzx,\n"
    with run_jobs():
        response = alice_api.post(
            URL, {"file": csv_file(text), "threshold": "0.9"}, format="multipart"
        )
    assert response.status_code == 202, response.content
    job = Job.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/jobs/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.created_by, job.parameters) == (
        JobStatus.SUCCEEDED,
        alice,
        {"limit": 10, "threshold": 0.9},
    )
    assert (job.progress_done, job.progress_total) == (2, 2)
    download = alice_api.get(response.json()["url"] + "result/")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))
    )
    ndc = [r for r in rows if r["row"] == "2"]
    assert ndc[0]["entity_name"] == "National Development Complex"
    assert float(ndc[0]["score"]) >= 0.9 and ndc[0]["rank"] == "1"
    assert [r["entity_id"] for r in rows if r["row"] == "3"] == [""]  # no candidate: one row
    assert not job.inputs or all("path" in i for i in job.inputs)


def test_a_file_without_a_name_column_is_refused_at_once(alice_api, db):
    response = alice_api.post(URL, {"file": csv_file("who,country\nX,PK\n")}, format="multipart")
    assert response.status_code == 400
    assert "Line 1 must be a header" in response.json()["file"][0]
    assert not Job.objects.exists()


def test_bad_rows_fail_the_job_naming_them(alice_api, seed, run_jobs):
    text = "name,birth_date\nSomeone,1971\n,1971\nOther,1971-13\n"
    with run_jobs():
        response = alice_api.post(URL, {"file": csv_file(text)}, format="multipart")
    assert response.status_code == 202
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("2 rows cannot be screened, nothing was: line 3: name:")
    assert "line 4: birth_date:" in job.error


@pytest.mark.parametrize(
    ("data", "field"),
    [({}, "file"), ({"limit": "0"}, "limit"), ({"other": "x"}, "other")],
)
def test_bad_requests_are_400(alice_api, db, data, field):
    if field != "file":
        data = {**data, "file": csv_file("name\nX\n")}
    response = alice_api.post(URL, data, format="multipart")
    assert response.status_code == 400
    assert field in response.json()


def test_anonymous_clients_cannot_start_jobs(db):
    response = APIClient().post(URL, {"file": csv_file("name\nX\n")}, format="multipart")
    assert response.status_code == 401
