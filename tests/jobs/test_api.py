"""/api/v1/jobs/: a user sees and downloads their own jobs only; staff see everyone's."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import Job, JobStatus
from tests.transactional import token_client

pytestmark = pytest.mark.django_db


def finished_job(user, body=b"a,b\n") -> Job:
    now = timezone.now()
    job = Job(
        kind="csv-export",
        created_by=user,
        status=JobStatus.SUCCEEDED,
        created_at=now,
        started_at=now,
        finished_at=now,
        summary="2 rows",
    )
    job.result.save("1-bodies.csv", ContentFile(body), save=False)
    job.save()
    return job


def test_a_user_lists_and_reads_only_their_jobs(alice, bob, alice_api, bob_api):
    mine, theirs = finished_job(alice), finished_job(bob)
    listed = alice_api.get("/api/v1/jobs/").json()["results"]
    assert [j["id"] for j in listed] == [mine.pk]
    assert listed[0]["created_by"] == "alice"
    assert listed[0]["result_url"] == f"http://testserver/api/v1/jobs/{mine.pk}/result/"
    assert alice_api.get(f"/api/v1/jobs/{theirs.pk}/").status_code == 404
    assert alice_api.get(f"/api/v1/jobs/{theirs.pk}/result/").status_code == 404
    assert bob_api.get(f"/api/v1/jobs/{theirs.pk}/").json()["status"] == "succeeded"


def test_staff_see_every_job(alice, bob, django_user_model):
    finished_job(alice), finished_job(bob)
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    assert token_client(staff).get("/api/v1/jobs/").json()["count"] == 2


def test_anonymous_clients_see_no_job(alice):
    job = finished_job(alice)
    assert APIClient().get("/api/v1/jobs/").status_code == 401
    assert APIClient().get(f"/api/v1/jobs/{job.pk}/result/").status_code == 401


def test_the_result_downloads_under_its_name(alice, alice_api):
    job = finished_job(alice, b"x,y\n1,2\n")
    response = alice_api.get(f"/api/v1/jobs/{job.pk}/result/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"x,y\n1,2\n"
    assert 'filename="bodies.csv"' in response["Content-Disposition"]


def test_a_result_not_ready_is_a_clear_404(alice, alice_api):
    job = Job.objects.create(kind="csv-export", created_by=alice)
    response = alice_api.get(f"/api/v1/jobs/{job.pk}/result/")
    assert response.status_code == 404
    assert response.json()["detail"] == "This job is queued: its result is not ready yet."


def test_unknown_parameters_are_400(alice_api):
    response = alice_api.get("/api/v1/jobs/", {"status": "failed"})
    assert response.status_code == 400
    assert "status" in response.json()
