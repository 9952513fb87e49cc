"""Import records through the API (/api/v1/imports/) and in the admin: read-only, with the
differences as JSON pages or a CSV file."""

import csv
import io

import pytest
from django.contrib.auth.models import Group

from importer.services import import_list
from tests.importer.conftest import OFAC_NDC, OFAC_TINY

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(seed):
    return import_list("ofac-sdn", OFAC_NDC).run


@pytest.fixture
def reader_client(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.groups.add(Group.objects.get(name="readers"))
    client.force_login(user)
    return client


def test_imports_list_and_detail(reader_client, run):
    body = reader_client.get("/api/v1/imports/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == run.pk
    assert item["source"] == {"value": "ofac-sdn", "label": "OFAC SDN list"}
    assert (item["added"], item["linked"], item["entries"]) == (5, 1, 5)
    assert item["sha256"] == run.sha256
    assert item["list_source"]["id"] == run.list_source_id
    assert item["differences_url"].endswith(f"/api/v1/imports/{run.pk}/differences/")
    detail = reader_client.get(f"/api/v1/imports/{run.pk}/").json()
    assert detail == item


def test_differences_as_json_and_filtered(reader_client, run):
    body = reader_client.get(f"/api/v1/imports/{run.pk}/differences/?action=linked").json()
    assert body["count"] == 1
    linked = body["results"][0]
    assert linked["reference"] == "52049"
    assert linked["entity"]["display"] == "National Development Complex"
    assert linked["action"]["value"] == "linked"


def test_differences_download_as_csv(reader_client, run):
    response = reader_client.get(f"/api/v1/imports/{run.pk}/differences/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == run.differences.count() == 5
    assert {r["action"] for r in rows} == {"added", "linked"}
    ndc = next(r for r in rows if r["reference"] == "52049")
    assert ndc["entity"] == "National Development Complex"


def test_unknown_parameter_and_bad_action_are_400(reader_client, run):
    response = reader_client.get(f"/api/v1/imports/{run.pk}/differences/?colour=red")
    assert response.status_code == 400
    assert "colour" in response.json()
    response = reader_client.get(f"/api/v1/imports/{run.pk}/differences/?action=exploded")
    assert response.status_code == 400
    assert "action" in response.json()
    assert reader_client.get("/api/v1/imports/?source=nowhere").status_code == 400
    # An entity id past the database's integer range is refused, not a 500 on SQLite.
    response = reader_client.get(f"/api/v1/imports/{run.pk}/differences/?entity={2**63}")
    assert response.status_code == 400
    assert "entity" in response.json()


def test_imports_are_read_only_over_the_api(reader_client, django_user_model, client, run):
    admin = django_user_model.objects.create_superuser("boss", password="pw")
    client.force_login(admin)
    assert client.post("/api/v1/imports/", {}).status_code == 405
    assert client.delete(f"/api/v1/imports/{run.pk}/").status_code == 405


def test_filter_by_source(reader_client, run):
    import_list("ofac-sdn", OFAC_TINY, allow_mass_delisting=True)
    body = reader_client.get("/api/v1/imports/?source=ofac-sdn&ordering=started_at").json()
    assert body["results"][0]["id"] == run.pk
    assert body["count"] == 2


def test_admin_shows_runs_and_differences(admin_client, run):
    page = admin_client.get("/admin/importer/importrun/")
    assert page.status_code == 200
    assert "1 to review" in page.content.decode()
    page = admin_client.get(f"/admin/importer/importdifference/?run__id__exact={run.pk}")
    assert page.status_code == 200
    assert "52049" in page.content.decode()
    assert admin_client.get(f"/admin/importer/importrun/{run.pk}/change/").status_code == 200
    assert admin_client.get("/admin/importer/importrun/add/").status_code == 403
    assert admin_client.get("/admin/importer/listentrystate/").status_code == 200


def test_private_read_lets_readers_and_curators_see_imports(settings, client, run):
    settings.API_PUBLIC_READ = False
    assert client.get("/api/v1/imports/").status_code in (401, 403)
    from django.contrib.auth import get_user_model

    for group in ("readers", "curators"):
        user = get_user_model().objects.create_user(f"a-{group}", password="pw")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        assert client.get("/api/v1/imports/").status_code == 200
        assert client.get(f"/api/v1/imports/{run.pk}/differences/").status_code == 200
        client.logout()
