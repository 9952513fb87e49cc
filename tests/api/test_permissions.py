"""Who may do what, for every resource: reading (public or private), writing (curators),
deleting (administrators only); and the ways to authenticate (token, session)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from entities.models import Entity
from tests import factories as f
from tests.api.base import RESOURCES, Resource

pytestmark = pytest.mark.django_db

CALLERS = {
    "anonymous": "anon_client",
    "reader": "reader_client",
    "curator": "curator_client",
    "admin": "admin_api_client",
}
METHODS = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture(params=RESOURCES, ids=str)
def spec(request) -> Resource:
    return request.param


@pytest.fixture(params=list(CALLERS))
def caller(request) -> str:
    return request.param


@pytest.fixture
def api(request, caller) -> APIClient:
    return request.getfixturevalue(CALLERS[caller])


def _read(spec: Resource, client) -> tuple[int, int]:
    record = spec.make()
    return client.get(spec.list_url()).status_code, client.get(spec.detail_url(record)).status_code


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def test_public_read_is_open_to_everyone(spec, caller, api):
    """With API_PUBLIC_READ on (the default), everyone reads lists and details."""
    assert _read(spec, api) == (200, 200)


def test_private_read_needs_a_signed_in_reader(private_read, spec, caller, api):
    """With API_PUBLIC_READ off, anonymous callers get 401 (with the scheme to use); readers,
    curators and administrators read."""
    expected = 401 if caller == "anonymous" else 200

    assert _read(spec, api) == (expected, expected)
    if caller == "anonymous":
        assert api.get(spec.list_url())["WWW-Authenticate"] == "Token"


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def expected_status(spec: Resource, caller: str, method: str) -> int:
    """The permission model: a method a resource does not have is a 405 to everyone, before
    any permission (a read-only resource is never written, a designation never deleted: it is
    delisted); otherwise anonymous 401, readers 403; curators view, add and change but never
    delete; administrators delete."""
    if spec.read_only or (method == "DELETE" and not spec.deletable):
        return 405
    if caller == "anonymous":
        return 401
    if caller == "reader" or (caller == "curator" and method == "DELETE"):
        return 403
    return {"POST": 201, "PUT": 200, "PATCH": 200, "DELETE": 204}[method]


def _write(spec: Resource, client, method: str):
    if method == "POST":
        payload = spec.create()
        before = spec.snapshot()
        return before, client.post(spec.list_url(), payload, format="json")
    record = spec.make()
    payload = {"PUT": spec.update(record), "PATCH": spec.patch}.get(method)
    before = spec.snapshot()
    send = getattr(client, method.lower())
    return before, send(spec.detail_url(record), payload, format="json", HTTP_IF_MATCH="*")


@pytest.mark.parametrize("method", METHODS)
def test_write_matrix(spec, caller, api, method):
    """Each caller gets exactly the status the permission model gives; a refused write
    changes nothing, an allowed one changes the table."""
    expected = expected_status(spec, caller, method)

    before, response = _write(spec, api, method)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert spec.snapshot() == before
    else:
        assert spec.snapshot() != before


# ---------------------------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------------------------


def test_token_from_username_and_password_works_for_a_write(curator):
    """POST /api/v1/auth/token/ with a curator's username and password gives a token that
    authenticates a write, recorded in history under the curator."""
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "curator", "password": "pw"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=curator).key

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    created = client.post("/api/v1/entities/", {"kind": "person", "name": "Jon Finer"})

    assert created.status_code == 201
    entity = Entity.objects.get(pk=created.json()["id"])
    assert entity.history.get().history_user == curator


def test_token_with_a_wrong_password_is_a_400(curator):
    """A wrong password gets no token: 400 with the reason."""
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "curator", "password": "wrong"}, format="json"
    )

    assert response.status_code == 400
    assert "Unable to log in" in response.json()["non_field_errors"][0]
    assert not Token.objects.exists()


def test_a_bad_token_is_a_401():
    """An unknown token is refused, even for reading a public list."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = client.get("/api/v1/entities/")

    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_session_works_for_the_browsable_api(private_read, client, reader):
    """A session (as the admin's) reads the browsable API: HTML, 200, even with reading
    private; without the session the same page is a 401."""
    f.EntityFactory(name="National Development Complex")

    anonymous = client.get("/api/v1/entities/", headers={"accept": "text/html"})
    client.force_login(reader)
    response = client.get("/api/v1/entities/", headers={"accept": "text/html"})

    assert anonymous.status_code == 401
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "National Development Complex" in response.content.decode()


@pytest.mark.parametrize(
    "form_spec",
    [pytest.param(r, id=str(r)) for r in RESOURCES],
)
def test_browsable_api_renders_the_forms_of_a_curator(client, curator, form_spec):
    """A curator's session sees every list and detail in the browsable API, with the forms
    to write (their selects of related records included)."""
    record = form_spec.make()
    client.force_login(curator)

    listing = client.get(form_spec.list_url(), headers={"accept": "text/html"})
    detail = client.get(form_spec.detail_url(record), headers={"accept": "text/html"})

    assert (listing.status_code, detail.status_code) == (200, 200)
    assert "text/html" in detail["Content-Type"]
