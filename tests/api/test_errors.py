"""Bad requests as clients see them: a 400 that names the parameter and says why, never a
silent fallback, never a traceback, never a 500 (the test client re-raises any exception a
view lets through). CSV requests are told the same, in JSON."""

from __future__ import annotations

import pytest

from sanctions_tracker.api.urls import router
from tests.factories import DesignationFactory, EntityFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
CSV_RESOURCES = sorted(
    prefix for prefix, viewset, _ in router.registry if getattr(viewset, "csv_export", None)
)


def assert_bad_request(response, parameter: str) -> None:
    """A JSON 400 whose reasons are keyed by the parameter, without a traceback."""
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert list(body) == [parameter], body
    assert body[parameter] and all(isinstance(m, str) and m for m in body[parameter])
    text = response.content.decode()
    assert "Traceback" not in text
    assert 'File "' not in text


# Unknown parameters --------------------------------------------------------------------------
def _registry_params():
    for prefix, _viewset, _basename in router.registry:
        yield pytest.param(prefix, id=prefix)


@pytest.mark.parametrize("prefix", list(_registry_params()))
def test_unknown_parameter_on_every_list_is_refused(anon_client, prefix):
    """Every list refuses a parameter it does not understand, naming it."""
    response = anon_client.get(f"{API}/{prefix}/", {"colour": "red"})
    assert_bad_request(response, "colour")
    assert "Unknown parameter" in response.json()["colour"][0]


def test_unknown_parameter_message_lists_what_is_understood(anon_client):
    """The message says which parameters the list understands."""
    response = anon_client.get(f"{API}/entities/", {"designatd": "true"})
    assert_bad_request(response, "designatd")
    message = response.json()["designatd"][0]
    for known in ("designated", "country", "page_size", "ordering", "format"):
        assert known in message


# Malformed values ----------------------------------------------------------------------------
BAD_VALUES = [
    ("entities", "active_on", "2024-13-01"),
    ("designations", "active_on", "2024-02-30"),
    ("designations", "listed_after", "yesterday"),
    ("designations", "listed_before", "2024"),
    ("events", "date_after", "1998"),
    ("entities", "changed_since", "last week"),
    ("entities", "kind", "ship"),
    ("relationships", "kind", "hates"),
    ("designations", "status", "pending"),
    ("entities", "country", "XX"),
    ("entities", "country", "pak"),
    ("designations", "country", "Pakistan"),
    ("bodies", "jurisdiction", "nowhere"),
    ("entities", "body", "XX-NOPE"),
    ("designations", "body", "XX-NOPE"),
    ("programmes", "body", "XX-NOPE"),
    ("entities", "programme", "NOPE"),
    ("designations", "programme", "US-OFAC:NOPE"),
    ("designations", "entity", "abc"),
    ("events", "entity", "abc"),
    ("relationships", "entity", "not-a-uid"),
    ("aliases", "entity", "abc"),
    ("entities", "body_id", "ten"),
    ("designations", "entity_id", "abc"),
    ("citations", "record_type", "ship"),
    ("citations", "entity", "abc"),
    ("entities", "page_size", "0"),
    ("entities", "page_size", "1001"),
    ("entities", "page_size", "ten"),
    ("entities", "page_size", "-5"),
    ("entities", "page", "abc"),
    ("entities", "ordering", "nonexistent"),
    ("entities", "ordering", "name,colour"),
    ("designations", "ordering", "listed_earliest"),
]


@pytest.mark.parametrize(
    ("prefix", "parameter", "value"),
    BAD_VALUES,
    ids=[f"{p}-{n}={v}" for p, n, v in BAD_VALUES],
)
def test_malformed_value_is_refused(anon_client, prefix, parameter, value):
    """A malformed date, an unknown choice, country, body, programme or entity, a bad page or
    page size, an unknown ordering field: 400 naming the parameter."""
    ProgrammeFactory(body__code="US-OFAC", code="NPWMD")
    response = anon_client.get(f"{API}/{prefix}/", {parameter: value})
    assert_bad_request(response, parameter)


@pytest.mark.parametrize(
    ("prefix", "parameter"),
    [("entities", "designated"), ("aliases", "is_weak")],
)
@pytest.mark.parametrize("value", ["maybe", "ture"])
def test_malformed_boolean_is_refused(anon_client, prefix, parameter, value):
    """``designated=maybe`` (or ``is_weak=maybe``) is a 400 naming the parameter, not a
    list that silently ignores the filter."""
    DesignationFactory()
    EntityFactory()
    response = anon_client.get(f"{API}/{prefix}/", {parameter: value})
    assert_bad_request(response, parameter)


def test_message_names_the_bad_value(anon_client):
    """The reason quotes what was sent and gives an example of what is expected."""
    response = anon_client.get(f"{API}/entities/", {"country": "pak"})
    assert_bad_request(response, "country")
    assert response.json() == {
        "country": ["'pak' is not an ISO 3166-1 alpha-2 country code (e.g. PK)."]
    }


@pytest.mark.parametrize(
    ("prefix", "parameter"), [("designations", "entity_id"), ("entities", "body_id")]
)
def test_id_beyond_the_integer_range_is_not_a_server_error(anon_client, prefix, parameter):
    """An id too large for any row finds nothing (or is refused): never a 500."""
    DesignationFactory()
    response = anon_client.get(f"{API}/{prefix}/", {parameter: "99999999999999999999"})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["count"] == 0


# Pages ---------------------------------------------------------------------------------------
def test_page_out_of_range_is_not_found(anon_client):
    """A page past the last is a 404 that says so."""
    EntityFactory.create_batch(3)
    response = anon_client.get(f"{API}/entities/", {"page": "3", "page_size": "2"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_last_page_within_range_is_served(anon_client):
    """The last page is served (contrast with the 404 above)."""
    entities = EntityFactory.create_batch(3)
    response = anon_client.get(f"{API}/entities/", {"page": "2", "page_size": "2"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [entities[2].pk]


# The same errors for CSV requests ------------------------------------------------------------
CSV_ERRORS = [
    ("entities", "colour", "red"),
    ("entities", "active_on", "2024-13-01"),
    ("designations", "listed_after", "yesterday"),
    ("entities", "kind", "ship"),
    ("entities", "country", "XX"),
    ("designations", "body", "XX-NOPE"),
    ("designations", "programme", "NOPE"),
    ("designations", "entity", "abc"),
    ("events", "entity", "abc"),
    ("entities", "ordering", "nonexistent"),
]


@pytest.mark.parametrize("how", ["format", "accept"])
@pytest.mark.parametrize(
    ("prefix", "parameter", "value"),
    CSV_ERRORS,
    ids=[f"{p}-{n}={v}" for p, n, v in CSV_ERRORS],
)
def test_csv_request_errors_answer_json(anon_client, prefix, parameter, value, how):
    """With ``?format=csv`` or ``Accept: text/csv``, a bad parameter is still a 400, in JSON
    (not a CSV file, not an attachment)."""
    EntityFactory()
    params = {parameter: value}
    headers = {}
    if how == "format":
        params["format"] = "csv"
    else:
        headers["HTTP_ACCEPT"] = "text/csv"
    response = anon_client.get(f"{API}/{prefix}/", params, **headers)
    assert not response.has_header("Content-Disposition")
    assert_bad_request(response, parameter)


@pytest.mark.parametrize("prefix", CSV_RESOURCES)
def test_csv_unknown_parameter_on_every_export_answers_json(anon_client, prefix):
    """Every export refuses an unknown parameter with a JSON 400."""
    response = anon_client.get(f"{API}/{prefix}/", {"format": "csv", "colour": "red"})
    assert not response.has_header("Content-Disposition")
    assert_bad_request(response, "colour")


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("page_size", "0"), ("page_size", "1001"), ("page_size", "ten"), ("page", "abc")],
)
def test_csv_request_with_malformed_page_is_refused(anon_client, parameter, value):
    """``?format=csv&page_size=ten``: the same 400 as for the JSON list, in JSON."""
    response = anon_client.get(f"{API}/designations/", {"format": "csv", parameter: value})
    assert_bad_request(response, parameter)
