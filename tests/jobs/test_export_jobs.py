"""A CSV export of EXPORT_JOB_MIN_ROWS rows or more answers 202 and runs as a job whose file
is what the request would have streamed, filters included; below that it streams."""

import pytest
from rest_framework.test import APIClient

from jobs.models import Job, JobStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(settings):
    settings.EXPORT_JOB_MIN_ROWS = 3
    return [f.BodyFactory(code=f"B{i}", name=f"Body {i}") for i in range(4)]


def streamed(client, params) -> bytes:
    response = client.get("/api/v1/bodies/", params)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_a_large_export_is_a_job_with_the_same_file(alice, alice_api, bodies, run_jobs, settings):
    with run_jobs():
        response = alice_api.get("/api/v1/bodies/", {"format": "csv"})
    job = Job.objects.get()
    assert response.status_code == 202
    assert response["Content-Type"] == "application/json"
    assert response["Location"] == f"http://testserver/api/v1/jobs/{job.pk}/"
    assert response.json()["status"] == "queued"  # as it was when answered
    assert response.json()["url"] == response["Location"]
    job.refresh_from_db()
    assert (job.kind, job.status, job.created_by) == ("csv-export", JobStatus.SUCCEEDED, alice)
    assert job.parameters["query"] == "format=csv"
    assert (job.progress_done, job.progress_total) == (4, 4)
    assert job.summary == "4 rows of bodies"
    result = alice_api.get(f"/api/v1/jobs/{job.pk}/result/")
    assert result.status_code == 200
    body = b"".join(result.streaming_content)
    settings.EXPORT_JOB_MIN_ROWS = 0  # every export streams
    assert body == streamed(alice_api, {"format": "csv"})
    assert body.decode("utf-8-sig").count("\n") == 5


def test_the_job_keeps_the_filters(alice_api, bodies, run_jobs, settings):
    f.BodyFactory(code="X1", name="Other")
    settings.EXPORT_JOB_MIN_ROWS = 2
    params = {"q": "Body", "ordering": "-code"}
    with run_jobs():
        response = alice_api.get("/api/v1/bodies/", params, HTTP_ACCEPT="text/csv")
    assert response.status_code == 202
    job = Job.objects.get()
    job.refresh_from_db()
    body = job.result.read()
    settings.EXPORT_JOB_MIN_ROWS = 0
    assert body == streamed(alice_api, params | {"format": "csv"})
    assert b"Other" not in body
    assert job.progress_total == 4


def test_a_smaller_export_streams_as_before(alice_api, bodies, settings):
    settings.EXPORT_JOB_MIN_ROWS = 5
    assert streamed(alice_api, {"format": "csv"}).decode("utf-8-sig").count("\n") == 5
    assert not Job.objects.exists()


def test_an_anonymous_large_export_is_told_to_authenticate(bodies):
    response = APIClient().get("/api/v1/bodies/", {"format": "csv"})
    assert response.status_code == 401
    assert "runs as a background job" in response.json()["detail"]
    assert not Job.objects.exists()


def test_the_schema_documents_the_202(alice_api):
    schema = alice_api.get("/api/schema/", {"format": "json"}).json()
    accepted = schema["paths"]["/api/v1/bodies/"]["get"]["responses"]["202"]
    assert "Location" in accepted["headers"]
    job_schema = {"$ref": "#/components/schemas/Job"}
    assert accepted["content"]["application/json"]["schema"] == job_schema
    assert "status" in schema["components"]["schemas"]["Job"]["properties"]
    match_file = schema["paths"]["/api/v1/match/file/"]["post"]["responses"]["202"]
    assert "Location" in match_file["headers"]
    assert match_file["content"]["application/json"]["schema"] == job_schema
