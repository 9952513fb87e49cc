"""Delisting has one path in the API: POST /api/v1/designations/{id}/delist/. A create,
PUT or PATCH that would set or change ``delisted`` (or ``status``) is a 400 that names the
field and that address; the record stays as it was. Sending back the value read is fine.
A DELETE is a 405 for everyone, pointing to the same address."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from entities.models import Designation
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation
from tests import factories as f
from tests.api.base import resource

pytestmark = pytest.mark.django_db

DESIGNATIONS = resource("designations")


def _url(designation) -> str:
    return f"/api/v1/designations/{designation.pk}/"


def _snapshot(designation) -> tuple:
    row = Designation.objects.get(pk=designation.pk)
    return (
        row.delisted,
        row.reason,
        row.version,
        row.history.count(),
        Citation.objects.filter(designation=row).count(),
    )


def _patch(client, designation, payload, **kwargs):
    return client.patch(
        _url(designation),
        payload,
        format="json",
        HTTP_IF_MATCH=f'"v{designation.version}"',
        **kwargs,
    )


def test_patch_with_delisted_is_a_400_naming_the_delist_address(curator_client):
    """PATCH {"delisted": ...} is a 400 under ``delisted`` that names POST .../delist/, and
    changes nothing (the reason sent with it included)."""
    designation = f.DesignationFactory()
    before = _snapshot(designation)

    response = _patch(
        curator_client, designation, {"delisted": "2026-02-01", "reason": "Delisted."}
    )

    assert response.status_code == 400, response.content
    [message] = response.json()["delisted"]
    assert f"POST /api/v1/designations/{designation.pk}/delist/" in message
    assert _snapshot(designation) == before
    assert curator_client.get(_url(designation)).json()["delisted"] is None


def test_put_with_delisted_is_a_400(curator_client):
    """A full PUT that carries a delisting is refused the same way."""
    designation = f.DesignationFactory()
    before = _snapshot(designation)
    payload = {**DESIGNATIONS.update(designation), "delisted": {"value": "2026-02"}}

    response = curator_client.put(_url(designation), payload, format="json", HTTP_IF_MATCH="*")

    assert response.status_code == 400, response.content
    assert f"/api/v1/designations/{designation.pk}/delist/" in response.json()["delisted"][0]
    assert _snapshot(designation) == before


def test_form_encoded_patch_with_delisted_is_a_400(curator_client):
    designation = f.DesignationFactory()
    before = _snapshot(designation)

    response = curator_client.patch(
        _url(designation),
        "delisted=2026-02-01",
        content_type="application/x-www-form-urlencoded",
        HTTP_IF_MATCH="*",
    )

    assert response.status_code == 400, response.content
    assert "delisted" in response.json()
    assert _snapshot(designation) == before


def test_patch_clearing_a_delisting_is_a_400(curator_client):
    """``"delisted": null`` on a delisted designation would undo the delisting: refused."""
    designation = f.DesignationFactory(delisted=PartialDate.parse("2025-01"))
    before = _snapshot(designation)

    response = _patch(curator_client, designation, {"delisted": None})

    assert response.status_code == 400, response.content
    assert "/delist/" in response.json()["delisted"][0]
    assert _snapshot(designation) == before


def test_patch_with_status_delisted_is_a_400(curator_client):
    designation = f.DesignationFactory()
    before = _snapshot(designation)

    response = _patch(curator_client, designation, {"status": "delisted"})

    assert response.status_code == 400, response.content
    assert f"/api/v1/designations/{designation.pk}/delist/" in response.json()["status"][0]
    assert _snapshot(designation) == before


def test_delisted_refusal_comes_with_the_other_errors(curator_client):
    """A PATCH with a delisting and a malformed listing gets both errors at once."""
    designation = f.DesignationFactory()

    response = _patch(curator_client, designation, {"delisted": "2026", "listed": "2024-13"})

    assert response.status_code == 400, response.content
    assert set(response.json()) == {"delisted", "listed"}


def test_create_with_delisted_is_a_400_and_creates_nothing(curator_client):
    """A new designation is active: POST with a delisting is a 400 under ``delisted`` that
    says to create it, then POST .../delist/."""
    payload = {**DESIGNATIONS.create(), "delisted": "2026-02-01"}
    count = Designation.objects.count()

    response = curator_client.post("/api/v1/designations/", payload, format="json")

    assert response.status_code == 400, response.content
    assert "/api/v1/designations/{id}/delist/" in response.json()["delisted"][0]
    assert Designation.objects.count() == count


@pytest.mark.parametrize(
    "delisted", [None, PartialDate.parse("2025-01", "in January"), PartialDate.unknown("later")]
)
def test_sending_back_what_was_read_is_accepted(curator_client, delisted):
    """A client that GETs a designation and PUTs back what it read, with a change, is not
    refused for the read-only ``delisted`` and ``status`` it sends back unchanged."""
    designation = f.DesignationFactory(delisted=delisted or PartialDate.none())
    read = curator_client.get(_url(designation))
    payload = {**read.json(), "reason": "Checked."}
    payload.update(
        {k: (v["id"] if isinstance(v, dict) and "id" in v else v) for k, v in payload.items()}
    )
    payload["measures"] = []

    response = curator_client.put(
        _url(designation), payload, format="json", HTTP_IF_MATCH=read["ETag"]
    )

    assert response.status_code == 200, response.content
    row = Designation.objects.get(pk=designation.pk)
    assert (row.reason, row.delisted) == ("Checked.", delisted or PartialDate.none())


# ---------------------------------------------------------------------------------------------
# DELETE
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "caller", ["anon_client", "reader_client", "curator_client", "admin_api_client"]
)
def test_delete_is_a_405_for_everyone_pointing_to_delist(request, caller):
    """Whoever asks (a curator included, who used to get a bare 403), DELETE of a designation
    is a 405 whose JSON message says designations are never deleted and gives the delisting
    address; Allow does not offer DELETE; the designation stays."""
    designation = f.DesignationFactory()
    before = _snapshot(designation)

    response = request.getfixturevalue(caller).delete(_url(designation))

    assert response.status_code == 405, response.content
    detail = response.json()["detail"]
    assert detail.startswith("A designation is never deleted.")
    assert f"POST /api/v1/designations/{designation.pk}/delist/" in detail
    assert "DELETE" not in response["Allow"]
    assert "PATCH" in response["Allow"]
    assert _snapshot(designation) == before


def test_delete_of_the_list_is_a_405_pointing_to_delist(curator_client):
    response = curator_client.delete("/api/v1/designations/")

    assert response.status_code == 405
    assert "POST /api/v1/designations/{id}/delist/" in response.json()["detail"]


def test_openapi_documents_delist_and_no_delete():
    """The OpenAPI document has no DELETE operation for designations (there is none to call)
    and documents POST .../delist/."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]

    assert "delete" not in paths["/api/v1/designations/{id}/"]
    assert {"get", "put", "patch"} <= set(paths["/api/v1/designations/{id}/"])
    assert "post" in paths["/api/v1/designations/{id}/delist/"]
