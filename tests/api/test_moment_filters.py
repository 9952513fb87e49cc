"""Moments in filters (started_after, changed_since) reach the database in UTC: an offset
PostgreSQL refuses (past ±15:59) was a 500 found by the contract test; a moment out of the
calendar once in UTC is a 400."""

import pytest

from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/imports/?started_after=0306-10-08T23:05:31.014961-21:41",
        "/api/v1/imports/?started_before=1097-03-27T23:17:17-00:24",
        "/api/v1/entities/?changed_since=2024-12-19T10:00:00-21:41",
    ],
)
def test_an_offset_the_database_refuses_is_read_in_utc(anon_client, url):
    EntityFactory()
    assert anon_client.get(url).status_code == 200


def test_changed_since_compares_in_utc(anon_client):
    entity = EntityFactory()
    moment = entity.updated_at.strftime("%Y-%m-%dT%H:%M:%S")
    # The same moment written 21:41 behind UTC is later by that much: the entity is older.
    later = anon_client.get("/api/v1/entities/", {"changed_since": f"{moment}-21:41"})
    assert later.json()["count"] == 0
    earlier = anon_client.get("/api/v1/entities/", {"changed_since": f"{moment}+21:41"})
    assert earlier.json()["count"] == 1


def test_a_moment_out_of_the_calendar_in_utc_is_a_400(anon_client):
    response = anon_client.get("/api/v1/imports/", {"started_after": "0001-01-01T00:00:00+05:00"})
    assert response.status_code == 400
    assert "out of range" in response.json()["started_after"][0]
