"""Rates: CSV exports read every matching row, so they have a rate of their own (``export``)
on top of the anonymous and signed-in rates; past a rate, a 429 with ``Retry-After``.

DRF reads the rates into ``SimpleRateThrottle.THROTTLE_RATES`` when the class is defined, so
the tests set low rates there; the counters live in the cache, which the API conftest
clears around every test.
"""

from __future__ import annotations

import pytest
from rest_framework.throttling import SimpleRateThrottle

from sanctions_tracker.api.throttling import ExportRateThrottle
from tests.factories import DesignationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/designations/"


@pytest.fixture
def rates(monkeypatch):
    """Set the rates for this test: ``rates(anon=..., user=..., export=...)``."""

    def set_rates(*, anon="1000/min", user="1000/min", export="1000/min"):
        monkeypatch.setattr(
            SimpleRateThrottle,
            "THROTTLE_RATES",
            {"anon": anon, "user": user, "export": export},
        )

    return set_rates


def test_the_export_throttle_reads_the_patched_rates(rates):
    """The export throttle takes its rate from the shared table (so the tests below set it)."""
    rates(export="2/min")
    assert ExportRateThrottle().get_rate() == "2/min"


def assert_throttled(response) -> None:
    """A JSON 429 that says when to retry."""
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert not response.has_header("Content-Disposition")
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()


@pytest.mark.parametrize("how", ["format", "accept"])
def test_exports_past_the_export_rate_are_refused_while_json_is_served(reader_client, rates, how):
    """With ``export`` at 2/min, a reader's third CSV export is a 429 with Retry-After (whether
    asked by ``?format=csv`` or ``Accept: text/csv``), while the JSON list is still served."""
    rates(export="2/min")
    DesignationFactory()

    def export():
        if how == "format":
            return reader_client.get(URL, {"format": "csv"})
        return reader_client.get(URL, HTTP_ACCEPT="text/csv")

    first, second = export(), export()
    assert [first.status_code, second.status_code] == [200, 200]
    assert first["Content-Type"] == "text/csv; charset=utf-8"
    assert_throttled(export())
    listed = reader_client.get(URL)
    assert listed.status_code == 200
    assert listed.json()["count"] == 1


def test_export_rate_is_per_client(reader_client, curator_client, rates):
    """One reader spending the export rate does not refuse another user's export."""
    rates(export="1/min")
    assert reader_client.get(URL, {"format": "csv"}).status_code == 200
    assert_throttled(reader_client.get(URL, {"format": "csv"}))
    assert curator_client.get(URL, {"format": "csv"}).status_code == 200


def test_exports_within_the_rate_are_served(reader_client, rates):
    """Below the export rate, every export is served (contrast with the 429 above)."""
    rates(export="3/min")
    statuses = [reader_client.get(URL, {"format": "csv"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]


def test_anonymous_exports_have_the_export_rate_too(anon_client, rates):
    """Anonymous clients (by address) are held to the export rate as well."""
    rates(export="1/min")
    assert anon_client.get(URL, {"format": "csv"}).status_code == 200
    assert_throttled(anon_client.get(URL, {"format": "csv"}))
    assert anon_client.get(URL).status_code == 200


def test_anonymous_rate_throttles_anonymous_clients(anon_client, reader_client, rates):
    """With ``anon`` at 2/min, an anonymous client's third request is a 429 with Retry-After;
    a signed-in reader is held to the user rate instead and still served."""
    rates(anon="2/min")
    assert [anon_client.get(URL).status_code for _ in range(2)] == [200, 200]
    assert_throttled(anon_client.get(URL))
    assert reader_client.get(URL).status_code == 200


def test_user_rate_throttles_signed_in_clients(reader_client, anon_client, rates):
    """With ``user`` at 2/min, a reader's third request is a 429; anonymous clients are held
    to the anonymous rate instead."""
    rates(user="2/min")
    assert [reader_client.get(URL).status_code for _ in range(2)] == [200, 200]
    assert_throttled(reader_client.get(URL))
    assert anon_client.get(URL).status_code == 200
