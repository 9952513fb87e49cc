"""``GET /api/v1/entities/?format=ftm``: FollowTheMoney JSON lines, streamed as an
attachment, under the entity list's filters and permissions; a bad filter is a 400 in JSON,
never a 500."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse
from django.utils import timezone

from tests.entities.ftm_checks import check_lines, parse
from tests.factories import DesignationFactory, EntityCountryFactory, EntityFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/entities/"


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def two_entities():
    pk = EntityFactory(name="In Pakistan")
    EntityCountryFactory(entity=pk, country="PK")
    DesignationFactory(entity=pk, measures=["asset_freeze"])
    EntityFactory(name="Elsewhere")


@pytest.mark.parametrize("how", ["format", "accept"])
def test_ftm_lines_as_an_attachment(anon_client, two_entities, how):
    if how == "format":
        response = anon_client.get(URL, {"format": "ftm"})
    else:
        response = anon_client.get(URL, HTTP_ACCEPT="application/x-ndjson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="entities-{today}.ftm.json"'
    counts = check_lines(parse(body(response)))
    assert dict(counts) == {"Organization": 2, "Sanction": 1}


def test_the_api_and_the_command_write_the_same_lines_under_the_same_filters(
    anon_client, two_entities
):
    """Every matching entity (not one page), in the list's order, as the command writes it."""
    response = anon_client.get(URL, {"format": "ftm", "country": "PK", "page_size": 1})
    out = io.StringIO()
    call_command("export_ftm", "--country", "PK", stdout=out)

    text = body(response)
    assert text == out.getvalue()
    assert [line["caption"] for line in parse(text) if line["schema"] == "Organization"] == [
        "In Pakistan"
    ]


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"country": "XX"}, "country"),
        ({"designated": "maybe"}, "designated"),
        ({"body": "NOPE"}, "body"),
        ({"active_on": "2024-13-01"}, "active_on"),
        ({"birth_date_after": "1980"}, "birth_date_after"),
        ({"changed_since": "yesterday"}, "changed_since"),
        ({"body_id": "abc"}, "body_id"),
        ({"colour": "red"}, "colour"),
        ({"q": ""}, "q"),
        ({"ordering": "shoe_size"}, "ordering"),
        ({"page": "0"}, "page"),
    ],
)
def test_a_bad_filter_is_a_400_in_json(anon_client, two_entities, params, key):
    response = anon_client.get(URL, {**params, "format": "ftm"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert key in response.json()


def test_only_the_list_writes_ftm(anon_client, two_entities):
    entity = EntityFactory()
    response = anon_client.get(f"{URL}{entity.pk}/", {"format": "ftm"})
    assert response.status_code == 400
    assert "format" in response.json()


def test_private_read_needs_a_signed_in_reader(private_read, anon_client, reader_client):
    """The permissions of the entity list: anonymous callers get 401 when reading is
    private; readers get the file."""
    EntityFactory()
    assert anon_client.get(URL, {"format": "ftm"}).status_code == 401
    response = reader_client.get(URL, {"format": "ftm"})
    assert response.status_code == 200
    assert len(parse(body(response))) == 1


def test_the_schema_describes_the_ftm_file(anon_client):
    """The OpenAPI document gives the entity list's FtM form as a text, not the JSON page."""
    schema = anon_client.get("/api/schema/", {"format": "json"}).json()
    ok = schema["paths"][URL]["get"]["responses"]["200"]

    assert ok["content"]["application/x-ndjson"]["schema"]["type"] == "string"
    assert "FollowTheMoney" in ok["description"]
