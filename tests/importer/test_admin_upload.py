"""Importing a list by uploading its files in the admin: the same import as the command, run
as a job (tests/jobs has the job's side), refused files change nothing, and only those
allowed to import may."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from entities.models import Entity
from importer.models import ImportRun, ImportStatus, ListEntryState
from jobs.models import Job, JobStatus
from tests.importer.conftest import (
    EU_EXCERPT_A,
    OFAC_ADVANCED,
    OFAC_NDC,
    UN_SAMPLE,
    db_checksum,
)

pytestmark = pytest.mark.django_db

URL = "/admin/importer/importrun/upload/"


@pytest.fixture(autouse=True)
def _jobs(media_root):
    return media_root


@pytest.fixture
def post(admin_client, run_jobs):
    """Post the upload form; the import job runs at the request's end, like at its commit."""

    def post(data, **kwargs):
        with run_jobs():
            return admin_client.post(URL, data, **kwargs)

    return post


def tables_but_jobs() -> dict[str, str]:
    sums = db_checksum()
    sums.pop("jobs.Job")
    return sums


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def errors(response) -> str:
    """The form's error messages as shown (not the help texts, which name files too)."""
    form = response.context["form"]
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def ndc_files() -> list[SimpleUploadedFile]:
    return [upload(OFAC_NDC / name) for name in ("sdn.csv", "add.csv", "alt.csv")]


def test_uploading_an_ofac_folder_imports_it_and_shows_the_run(admin_client, post, seed):
    response = post({"source": "ofac-sdn", "files": ndc_files()})
    run = ImportRun.objects.get()
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    assert job.result_object == run
    assert (run.status, run.added, run.linked) == (ImportStatus.APPLIED, 5, 1)
    assert run.path == "upload: add.csv, alt.csv, sdn.csv"  # not the temporary folder
    assert run.user.username == "admin"
    ndc = ListEntryState.objects.get(source="ofac-sdn", reference="52049").entity
    assert ndc.name == "National Development Complex"  # merged with the seed's
    page = admin_client.get(response["Location"]).content.decode()
    assert f"OFAC SDN list applied as import #{run.pk}: 5 entries, 5 added" in page
    assert f"/admin/importer/importrun/{run.pk}/change/" in page


def test_the_same_upload_again_is_recorded_unchanged(post):
    post({"source": "ofac-sdn", "files": ndc_files()})
    post({"source": "ofac-sdn", "files": ndc_files()})
    assert list(ImportRun.objects.order_by("id").values_list("status", flat=True)) == [
        ImportStatus.APPLIED,
        ImportStatus.UNCHANGED,
    ]


@pytest.mark.parametrize(
    ("source", "path", "added"),
    [
        ("un-sc", UN_SAMPLE, 47),
        ("eu-fsf", EU_EXCERPT_A, 4),
        ("ofac-advanced", OFAC_ADVANCED, 70),
    ],
    ids=["un-sc", "eu-fsf", "ofac-advanced"],
)
def test_a_single_file_list(post, source, path, added):
    response = post({"source": source, "files": [upload(path)]})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.source, run.status, run.added) == (source, ImportStatus.APPLIED, added)
    assert run.path == f"upload: {path.name}"


def test_a_dry_run_reports_and_writes_nothing(admin_client, post):
    before = tables_but_jobs()
    response = post({"source": "ofac-sdn", "files": ndc_files(), "dry_run": "on"})
    page = admin_client.get(response["Location"]).content.decode()
    assert "dry run: nothing written" in page
    assert Job.objects.get().result_object is None
    assert tables_but_jobs() == before


@pytest.mark.parametrize(
    ("source", "files", "message"),
    [
        ("ofac-sdn", lambda: [SimpleUploadedFile("sdn.csv", b"")], "The submitted file is empty"),
        ("ofac-sdn", lambda: [upload(OFAC_NDC / "sdn.csv")], "add.csv, alt.csv missing"),
        ("ofac-sdn", lambda: [upload(UN_SAMPLE)], "not a file of this list"),
        ("un-sc", lambda: [upload(UN_SAMPLE), upload(UN_SAMPLE, "other.xml")], "one file"),
    ],
    ids=["empty", "missing-files", "wrong-files", "two-files"],
)
def test_a_refused_form_says_why_and_changes_nothing(post, seed, source, files, message):
    before = db_checksum()
    response = post({"source": source, "files": files()})
    assert response.status_code == 200
    assert message in errors(response)
    assert message in response.content.decode()  # shown, and escaped nowhere
    assert db_checksum() == before  # no job either


@pytest.mark.parametrize(
    ("source", "files", "message"),
    [
        (
            "ofac-sdn",
            lambda: [
                SimpleUploadedFile("sdn.csv", b'52049,"NATIONAL DEVELOPMENT'),
                upload(OFAC_NDC / "add.csv"),
                upload(OFAC_NDC / "alt.csv"),
            ],
            "sdn.csv, line 1",
        ),
        ("un-sc", lambda: [SimpleUploadedFile("list.xml", b"<CONSOLIDATED_LIST>")], "list.xml"),
    ],
    ids=["truncated-csv", "truncated-xml"],
)
def test_an_unreadable_file_fails_its_job_saying_why(
    admin_client, post, seed, source, files, message
):
    before = tables_but_jobs()
    response = post({"source": source, "files": files()})
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert message in job.error
    assert message in admin_client.get(response["Location"]).content.decode()
    assert tables_but_jobs() == before


def test_only_users_allowed_to_import_may_upload(client, django_user_model):
    curator = django_user_model.objects.create_user("curator", password="pw", is_staff=True)
    curator.groups.add(Group.objects.get(name="curators"))
    client.force_login(curator)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"source": "ofac-sdn", "files": ndc_files()}).status_code == 403
    assert not Entity.objects.exists()
    changelist = client.get("/admin/importer/importrun/").content.decode()
    assert "Import a list" not in changelist


def test_the_list_of_runs_links_to_the_upload_for_administrators(admin_client):
    page = admin_client.get("/admin/importer/importrun/").content.decode()
    assert URL in page
    form = admin_client.get(URL)
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.content.decode()
