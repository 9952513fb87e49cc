"""Every API error is JSON in the documented shape: unknown addresses and ids that are not
whole numbers (404), methods a view lacks (405, before any permission check), an unreadable
body (400 with a field map), an unknown or empty ``?format=`` (400)."""

from __future__ import annotations

import pytest

from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def _json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing/",
        "/api/v2/entities/",
        "/api/",
        "/api/v1/entities/abc/",
        "/api/v1/entities/1.5/",
        "/api/v1/entities/\u0663/",  # ARABIC-INDIC DIGIT THREE: int() reads it as 3
        "/api/v1/entities/-1/",
        "/api/v1/imports/x/differences/",
    ],
)
def test_unknown_api_address_is_a_json_404(anon_client, url):
    EntityFactory(pk=3)
    body = _json_error(anon_client.get(url), 404)
    assert set(body) == {"detail"}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unknown_api_address_is_a_json_404_for_writes(anon_client, method):
    _json_error(getattr(anon_client, method)("/api/v1/nothing/1/"), 404)


def test_missing_trailing_slash_still_redirects(anon_client):
    response = anon_client.get("/api/v1/entities?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/entities/?page=2"


def test_html_404_outside_the_api(client):
    response = client.get("/nothing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("trace", "/api/v1/entities/"),
        ("delete", "/api/v1/entities/"),
        ("post", "/api/v1/measures/"),
        ("put", "/api/v1/match/"),
        ("get", "/api/v1/auth/token/"),
        ("delete", "/api/v1/imports/1/"),
    ],
)
@pytest.mark.parametrize("caller", ["anon_client", "curator_client"])
def test_method_a_view_lacks_is_a_json_405_before_permissions(request, caller, method, url):
    """Anonymous callers get 405 too, not 401: the method does not exist for anyone."""
    client = request.getfixturevalue(caller)
    response = client.generic(method.upper(), url)
    body = _json_error(response, 405)
    assert method.upper() in body["detail"]
    assert method.upper() not in response["Allow"]


@pytest.mark.parametrize("url", ["/api/v1/bodies/", "/api/v1/match/", "/api/v1/auth/token/"])
def test_malformed_json_body_is_a_400_field_map(curator_client, url):
    response = curator_client.post(url, data='{"code": ', content_type="application/json")
    body = _json_error(response, 400)
    assert list(body) == ["non_field_errors"]
    assert "JSON parse error" in body["non_field_errors"][0]


@pytest.mark.parametrize("value", ["xml", "", "JSON", "yaml"])
@pytest.mark.parametrize("url", ["/api/v1/entities/", "/api/v1/match/?name=x"])
def test_unknown_or_empty_format_is_a_400(anon_client, url, value):
    separator = "&" if "?" in url else "?"
    response = anon_client.get(f"{url}{separator}format={value}")
    body = _json_error(response, 400)
    assert list(body) == ["format"]


def test_known_formats_still_answer(anon_client):
    assert anon_client.get("/api/v1/entities/?format=json").status_code == 200
    response = anon_client.get("/api/v1/entities/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_unacceptable_accept_header_is_a_json_406(anon_client):
    response = anon_client.get("/api/v1/entities/", HTTP_ACCEPT="application/xml")
    _json_error(response, 406)


def test_unsupported_content_type_is_a_json_415(curator_client):
    response = curator_client.post("/api/v1/bodies/", data="<x/>", content_type="application/xml")
    _json_error(response, 415)


def test_nested_400s_are_flat_keyed_by_path(anon_client):
    """One 400 shape everywhere, as the schema says: ``{"field": ["reason"]}``."""
    response = anon_client.post("/api/v1/match/", {"queries": []}, format="json")
    assert _json_error(response, 400) == {"queries": ["This list may not be empty."]}
    response = anon_client.post(
        "/api/v1/match/", {"queries": [{"name": "x"}, {"name": "y", "shoe": 1}]}, format="json"
    )
    body = _json_error(response, 400)
    assert list(body) == ["queries[1].shoe"]
