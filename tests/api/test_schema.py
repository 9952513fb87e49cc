"""The OpenAPI document: valid, complete about CSV, 412 and filters, served with its docs
page from our own static files."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.api.base import RESOURCES, WRITABLE, Resource

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _list_operation(schema: dict, spec: Resource) -> dict:
    return schema["paths"][spec.list_url()]["get"]


def _detail_path(spec: Resource) -> str:
    return f"{spec.list_url()}{{{'id' if spec.lookup == 'pk' else spec.lookup}}}/"


def test_schema_is_served_and_valid(anon_client):
    """GET /api/schema/ is 200 and the document it serves is valid OpenAPI 3."""
    response = anon_client.get("/api/schema/", headers={"accept": "application/json"})

    assert response.status_code == 200
    document = response.json()
    validate_schema(document)
    assert document["openapi"].startswith("3.")
    assert "/api/v1/designations/{id}/delist/" in document["paths"]


def test_schema_generates_without_warnings(tmp_path):
    """``manage.py spectacular --validate --fail-on-warn`` passes: no field the generator
    had to guess."""
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    assert "/api/v1/entities/{id}/timeline/" in out.read_text()


@pytest.mark.parametrize(
    "spec",
    [pytest.param(r, id=str(r)) for r in RESOURCES],
)
def test_every_list_documents_its_csv(schema, spec):
    """Every list's 200 response documents ``text/csv`` beside JSON, with its columns."""
    ok = _list_operation(schema, spec)["responses"]["200"]

    assert "application/json" in ok["content"]
    first = "code" if spec.prefix == "measures" else "id"
    assert ok["content"]["text/csv"]["schema"]["description"].startswith(f"Columns: {first}")


@pytest.mark.parametrize("spec", WRITABLE, ids=str)
@pytest.mark.parametrize("method", ["put", "patch"])
def test_every_update_documents_412(schema, spec, method):
    """Every PUT and PATCH documents its required If-Match header, the 412 of a stale one
    and the 428 of none."""
    responses = schema["paths"][_detail_path(spec)][method]["responses"]

    assert "If-Match" in responses["412"]["description"]
    assert "If-Match" in responses["428"]["description"]
    parameters = schema["paths"][_detail_path(spec)][method]["parameters"]
    (if_match,) = [p for p in parameters if p["name"] == "If-Match"]
    assert (if_match["in"], if_match["required"]) == ("header", True)


@pytest.mark.parametrize(
    "spec",
    [r for r in RESOURCES if getattr(resolve(r.list_url()).func.cls, "filterset_class", None)],
    ids=str,
)
def test_every_filter_is_a_documented_parameter(schema, spec):
    """Every filter of the resource's FilterSet appears as a query parameter of its list."""
    filterset = resolve(spec.list_url()).func.cls.filterset_class
    parameters = {
        p["name"] for p in _list_operation(schema, spec)["parameters"] if p["in"] == "query"
    }

    assert set(filterset.base_filters) <= parameters
    assert {"page", "page_size", "ordering"} <= parameters


def test_entity_list_documents_active_on(schema):
    """``active_on`` on the entity list is documented as a date with its meaning."""
    [active_on] = [
        p
        for p in schema["paths"]["/api/v1/entities/"]["get"]["parameters"]
        if p["name"] == "active_on"
    ]

    assert active_on["in"] == "query"
    assert active_on["schema"]["format"] == "date"
    assert "designated on this day" in active_on["description"]


def test_measures_are_documented_as_value_and_label(schema):
    """A designation's measures read as ``{value, label}`` objects, the value one of the codes;
    they are written as codes."""
    components = schema["components"]["schemas"]
    items = components["Designation"]["properties"]["measures"]["items"]
    assert set(items["properties"]) == {"value", "label"}
    assert "asset_freeze" in items["properties"]["value"]["enum"]
    for name in ("DesignationRequest", "PatchedDesignationRequest"):
        request_items = components[name]["properties"]["measures"]["items"]
        assert request_items == {"$ref": "#/components/schemas/MeasureCodeEnum"}, name


def test_docs_page_uses_no_external_cdn(anon_client):
    """GET /api/docs/ is 200 and loads Swagger UI from our static files, not a CDN."""
    response = anon_client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "cdn.jsdelivr.net" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/api/schema/" in html
