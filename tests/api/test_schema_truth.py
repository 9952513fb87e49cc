"""The schema offers only what the server accepts, and documents every error it can answer:
ids and pages from 1, orderings the list knows, related records by id, dates in a form the
server reads; 404, 406, 415 and 503 where they can happen."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import BodyFactory, EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _parameters(schema, path, method="get") -> dict:
    return {p["name"]: p for p in schema["paths"][path][method].get("parameters", [])}


def test_ids_pages_and_page_sizes_start_at_1(schema):
    detail = _parameters(schema, "/api/v1/entities/{id}/")
    assert detail["id"]["schema"]["type"] == "integer"
    assert detail["id"]["schema"]["minimum"] == 1
    listing = _parameters(schema, "/api/v1/designations/")
    assert listing["entity_id"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 2**63 - 1,
    }
    assert listing["page"]["schema"]["minimum"] == 1
    assert listing["page_size"]["schema"]["minimum"] == 1
    assert listing["page_size"]["schema"]["maximum"] == 1000
    assert listing["entity"]["schema"]["minLength"] == 1  # empty values are refused


def test_ordering_is_an_enum_the_server_accepts(schema, anon_client):
    ordering = _parameters(schema, "/api/v1/designations/")["ordering"]["schema"]
    assert "-listed" in ordering["enum"]
    for value in ordering["enum"]:
        response = anon_client.get("/api/v1/designations/", {"ordering": value})
        assert response.status_code == 200, (value, response.content)


def test_related_records_in_write_bodies_need_their_id(schema):
    entity = schema["components"]["schemas"]["DesignationRequest"]["properties"]["entity"]
    as_object = next(o for o in entity["oneOf"] if o["type"] == "object")
    assert as_object["required"] == ["id"]


def test_partial_date_write_examples_are_accepted(schema, curator_client):
    body = BodyFactory()
    listed = schema["components"]["schemas"]["DesignationRequest"]["properties"]["listed"]
    examples = [listed["example"]] + [
        {k: v["example"] for k, v in option["properties"].items()}
        if option["type"] == "object"
        else option["example"]
        for option in listed["oneOf"]
    ]
    for example in examples:
        response = curator_client.post(
            "/api/v1/designations/",
            {"entity": EntityFactory().pk, "body": {"id": body.pk}, "listed": example},
            format="json",
        )
        assert response.status_code == 201, (example, response.content)
        assert response.json()["listed"]["value"] == "2024-12"


@pytest.mark.parametrize(
    ("path", "method", "codes"),
    [
        ("/api/v1/entities/", "get", {"400", "401", "403", "404", "406", "429", "503"}),
        ("/api/v1/entities/", "post", {"400", "401", "403", "406", "415", "429", "503"}),
        ("/api/v1/entities/{id}/", "patch", {"404", "406", "412", "415", "428", "503"}),
        ("/api/v1/match/", "get", {"400", "406", "429", "503"}),
        ("/api/v1/auth/token/", "post", {"400", "415", "503"}),
    ],
)
def test_errors_are_documented_where_they_can_happen(schema, path, method, codes):
    responses = schema["paths"][path][method]["responses"]
    assert codes <= set(responses)
    for code in codes:
        assert "application/json" in responses[code]["content"]
