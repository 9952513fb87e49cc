"""GET /api/v1/compare/: the comparison across authorities as JSON (a page of entities) and
CSV; strict parameters, read permissions and rates as the other read endpoints."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from importer.services import import_list
from sanctions_tracker.partial_dates import PartialDate
from tests.api.test_throttling import assert_throttled
from tests.api.test_throttling import rates as rates  # the fixture
from tests.factories import BodyFactory, DesignationFactory, EntityCountryFactory, EntityFactory
from tests.importer.conftest import OFAC_NDC

pytestmark = pytest.mark.django_db
URL = "/api/v1/compare/"
ANON_RATE_QUERIES = 1
EXPORT_RATE_QUERIES = 1


@pytest.fixture
def followed():
    """An entity US-OFAC listed on 2024-12-18 and UK-OFSI 41 days later."""
    ofac, ofsi = BodyFactory(code="US-OFAC"), BodyFactory(code="UK-OFSI")
    BodyFactory(code="UN-SC")
    entity = EntityFactory(name="Followed")
    DesignationFactory(entity=entity, body=ofac, listed=PartialDate.parse("2024-12-18"))
    DesignationFactory(entity=entity, body=ofsi, listed=PartialDate.parse("2025-01-28"))
    return entity


def test_json_summary_pairs_and_entities(anon_client, followed):
    response = anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI,UN-SC"})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["bodies"] == ["US-OFAC", "UK-OFSI", "UN-SC"]
    assert data["filters"] == {
        "programme": "",
        "kind": "",
        "country": "",
        "active_only": True,
        "listed_by": [],
        "not_listed_by": [],
    }
    first = data["pairs"][0]
    assert (first["first"], first["then"]) == ("US-OFAC", "UK-OFSI")
    assert (first["only_first"], first["only_then"], first["both"]) == (0, 0, 1)
    lags = first["lags"]
    assert (lags["count"], lags["known"], lags["ranged"]) == (1, 1, 0)
    assert (lags["min"], lags["median"], lags["max"]) == (41, 41, 41)
    bucket = next(b for b in lags["buckets"] if b["count"])
    assert (bucket["label"], bucket["low"], bucket["high"]) == ("31 to 90 days after", 31, 90)
    assert data["pairs"][1]["only_first"] == 1  # US-OFAC and not UN-SC
    entities = data["entities"]
    assert (entities["count"], entities["next"], entities["previous"]) == (1, None, None)
    row = entities["results"][0]
    assert row["id"] == followed.pk and row["url"].endswith(f"/api/v1/entities/{followed.pk}/")
    assert row["listings"]["US-OFAC"]["value"] == "2024-12-18"
    assert row["listings"]["UN-SC"] is None
    assert row["lags"] == [
        {
            "first": "US-OFAC",
            "then": "UK-OFSI",
            "low": 41,
            "high": 41,
            "days": 41,
            "exact": True,
            "text": "UK-OFSI followed US-OFAC after 41 days",
        }
    ]


def test_entities_are_paginated(anon_client, followed):
    for _ in range(2):
        DesignationFactory(body=BodyFactory(code="US-OFAC"))
    data = anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI", "page_size": 2}).json()
    assert data["entities"]["count"] == 3 and len(data["entities"]["results"]) == 2
    assert "page=2" in data["entities"]["next"]
    last = anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI", "page_size": 2, "page": 2})
    assert len(last.json()["entities"]["results"]) == 1
    assert last.json()["pairs"][0]["only_first"] == 2  # the summary covers every page
    past = anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI", "page": 9})
    assert past.status_code == 404


def test_filters_reach_the_comparison(anon_client, followed):
    EntityCountryFactory(entity=followed, country="PK")
    DesignationFactory(body=BodyFactory(code="US-OFAC"))
    data = anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI", "country": "pk"}).json()
    assert [e["name"] for e in data["entities"]["results"]] == ["Followed"]
    assert data["filters"]["country"] == "PK"
    people = anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI", "kind": "person"}).json()
    assert people["entities"]["count"] == 0


def test_listed_by_and_not_listed_by_narrow_the_entities_not_the_pairs(anon_client, followed):
    only = DesignationFactory(body=BodyFactory(code="US-OFAC"), entity=EntityFactory(name="Only"))
    params = {"bodies": "US-OFAC,UK-OFSI", "listed_by": "us-ofac", "not_listed_by": "UK-OFSI"}
    data = anon_client.get(URL, params).json()
    assert [e["id"] for e in data["entities"]["results"]] == [only.entity_id]
    assert (data["filters"]["listed_by"], data["filters"]["not_listed_by"]) == (
        ["US-OFAC"],
        ["UK-OFSI"],
    )
    assert (data["pairs"][0]["only_first"], data["pairs"][0]["both"]) == (1, 1)
    both = anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI", "listed_by": "US-OFAC,UK-OFSI"})
    assert [e["name"] for e in both.json()["entities"]["results"]] == ["Followed"]
    csv_text = b"".join(anon_client.get(URL, {**params, "format": "csv"}).streaming_content)
    assert b"Only" in csv_text and b"Followed" not in csv_text


@pytest.mark.parametrize(
    "params, parameter, words",
    [
        ({"bodies": "US-OFAC,XX-NOPE"}, "bodies", "XX-NOPE"),
        ({"bodies": "US-OFAC"}, "bodies", "at least two"),
        ({}, "bodies", "at least two"),
        ({"bodies": "US-OFAC,UK-OFSI", "country": "Pakistan"}, "country", "ISO 3166-1"),
        ({"bodies": "US-OFAC,UK-OFSI", "kind": "ship"}, "kind", "not a kind"),
        ({"bodies": "US-OFAC,UK-OFSI", "active_only": "maybe"}, "active_only", "boolean"),
        ({"bodies": "US-OFAC,UK-OFSI", "colour": "red"}, "colour", "Unknown parameter"),
        ({"bodies": "US-OFAC,UK-OFSI", "listed_by": "UN-SC"}, "listed_by", "not among"),
        ({"bodies": "US-OFAC,UK-OFSI", "not_listed_by": "XX"}, "not_listed_by", "not among"),
        ({"bodies": "US-OFAC,UK-OFSI", "country": ""}, "country", "Empty value"),
        ({"bodies": "US-OFAC,UK-OFSI", "page_size": "0"}, "page_size", "page size"),
        # A NUL reached PostgreSQL and was a 500 (bench/workspace_pages.py found it).
        ({"bodies": "US-OFAC,UK-OFSI\x00"}, "bodies", "Null characters"),
        ({"bodies": "US-OFAC,UK-OFSI", "programme": "NPWMD\x00"}, "programme", "Null char"),
        ({"bodies": "US-OFAC,UK-OFSI", "country": "PK\x00"}, "country", "Null characters"),
        ({"bodies": "US-OFAC,UK-OFSI", "listed_by": "\x00"}, "listed_by", "Null characters"),
    ],
)
@pytest.mark.parametrize("format_", ["json", "csv"])
def test_bad_parameters_are_a_400_naming_them_in_json(
    anon_client, followed, params, parameter, words, format_
):
    response = anon_client.get(URL, {**params, "format": format_})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()
    assert list(errors) == [parameter]
    assert words in errors[parameter][0]


def test_csv_has_a_row_per_entity_and_a_column_per_body_and_pair(anon_client, followed):
    response = anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI,UN-SC", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = dt.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="compare-{day}.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [
        [
            "id",
            "name",
            "kind",
            "US-OFAC listed",
            "UK-OFSI listed",
            "UN-SC listed",
            "lag US-OFAC to UK-OFSI (days)",
            "lag US-OFAC to UN-SC (days)",
            "lag UK-OFSI to UN-SC (days)",
        ],
        [
            str(followed.pk),
            "Followed",
            "organization",
            "2024-12-18",
            "2025-01-28",
            "",
            "41",
            "",
            "",
        ],
    ]


def test_accept_text_csv_is_the_csv(anon_client, followed):
    response = anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI"}, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("caller", ["anon_client", "reader_client", "curator_client"])
def test_public_read_is_open_to_everyone(request, caller, followed):
    client = request.getfixturevalue(caller)
    assert client.get(URL, {"bodies": "US-OFAC,UK-OFSI"}).status_code == 200


@pytest.mark.parametrize(
    "caller, expected", [("anon_client", 401), ("reader_client", 200), ("curator_client", 200)]
)
def test_private_read_needs_a_signed_in_reader(request, private_read, caller, expected, followed):
    client = request.getfixturevalue(caller)
    assert client.get(URL, {"bodies": "US-OFAC,UK-OFSI"}).status_code == expected
    assert client.get(URL, {"bodies": "US-OFAC,UK-OFSI", "format": "csv"}).status_code == expected


def test_a_user_without_the_view_permission_is_refused(private_read, django_user_model):
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("nobody", password="pw"))
    assert client.get(URL, {"bodies": "US-OFAC,UK-OFSI"}).status_code == 403


def test_writes_are_not_allowed(curator_client, followed):
    response = curator_client.post(URL + "?bodies=US-OFAC,UK-OFSI", {})
    assert response.status_code == 405


def test_csv_is_counted_against_the_export_rate(anon_client, followed, rates):
    rates(export="1/min")
    params = {"bodies": "US-OFAC,UK-OFSI", "format": "csv"}
    assert anon_client.get(URL, params).status_code == 200
    assert_throttled(anon_client.get(URL, params), "export", "1/min")
    assert anon_client.get(URL, {"bodies": "US-OFAC,UK-OFSI"}).status_code == 200


def _grow(n):
    ofac, ofsi = BodyFactory(code="US-OFAC"), BodyFactory(code="UK-OFSI")
    for i in range(n):
        entity = EntityFactory()
        DesignationFactory(entity=entity, body=ofac, listed=PartialDate.parse("2024-01-01"))
        day = (dt.date(2024, 1, 1) + dt.timedelta(days=i)).isoformat()
        DesignationFactory(entity=entity, body=ofsi, listed=PartialDate.parse(day))


@pytest.mark.parametrize("format_", ["json", "csv"])
def test_query_count_does_not_grow_with_the_data(anon_client, django_assert_num_queries, format_):
    """The rate's counter(s), the bodies, the lists, the first listings."""
    expected = ANON_RATE_QUERIES + 3 + (EXPORT_RATE_QUERIES if format_ == "csv" else 0)
    params = {"bodies": "US-OFAC,UK-OFSI", "format": format_, "page_size": 1000}
    _grow(1)
    for n in (1, 40):
        _grow(n - 1 if n > 1 else 0)
        with django_assert_num_queries(expected):
            response = anon_client.get(URL, params)
            if format_ == "csv":
                body = b"".join(response.streaming_content)
        if format_ == "json":
            assert response.json()["entities"]["count"] == n
        else:
            assert body.count(b"\r\n") == n + 1


def test_the_readme_examples_answer_on_the_seed_and_the_ndc_excerpt(anon_client):
    """README "Comparison across authorities": each curl answers, and NDC is in both lists."""
    call_command("load_seed", verbosity=0)
    import_list("ofac-sdn", OFAC_NDC)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Comparison across authorities", 1)[1].split("\n## ", 1)[0]
    urls = re.findall(r"'http://127\.0\.0\.1:8000(/api/v1/compare/[^']*)'", section)
    assert len(urls) == 3
    for url in urls:
        response = anon_client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        if "format=csv" in url:
            assert b"National Development Complex" in b"".join(response.streaming_content)
        else:
            names = [e["name"] for e in response.json()["entities"]["results"]]
            assert "National Development Complex" in names
            assert response.json()["pairs"][0]["both"] == 1
