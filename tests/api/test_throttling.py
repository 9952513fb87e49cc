"""Rates: anonymous clients by address (a forged ``X-Forwarded-For`` is no new client),
signed-in users by user; CSV exports (``export``) and names screened (``screening``, one unit
per query of a batch) have rates of their own on top. Past a rate, a JSON 429 naming the
scope and the rate, with ``Retry-After``.

DRF reads the rates into ``SimpleRateThrottle.THROTTLE_RATES`` when the class is defined, so
the tests set low rates there; the counters live in the database (shared by all workers),
emptied by the API conftest before every test.
"""

from __future__ import annotations

import time

import pytest
from rest_framework.throttling import SimpleRateThrottle

from sanctions_tracker import throttle_counters
from sanctions_tracker.api.throttling import ExportRateThrottle
from sanctions_tracker.throttle_counters import ThrottleCounter
from tests.factories import DesignationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/designations/"


@pytest.fixture
def rates(monkeypatch):
    """Set the rates for this test: ``rates(anon=..., user=..., export=..., screening=...)``.

    The clock stands still half a minute into an hour: windows are fixed, so requests that
    straddled a minute's end started a new window and a 429 expected on the third request
    did not come (a test failed about once in thirty runs)."""
    standstill = time.time() // 3600 * 3600 + 30.5
    monkeypatch.setattr(throttle_counters.time, "time", lambda: standstill)

    def set_rates(*, anon="1000/min", user="1000/min", export="1000/min", screening="1000/min"):
        monkeypatch.setattr(
            SimpleRateThrottle,
            "THROTTLE_RATES",
            {"anon": anon, "user": user, "export": export, "screening": screening},
        )

    return set_rates


def test_the_export_throttle_reads_the_patched_rates(rates):
    """The export throttle takes its rate from the shared table (so the tests below set it)."""
    rates(export="2/min")
    assert ExportRateThrottle().get_rate() == "2/min"


def assert_throttled(response, scope: str | None = None, rate: str | None = None) -> None:
    """A JSON 429 that says when to retry (within the minute's window) and, when given,
    names the scope and the rate."""
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert not response.has_header("Content-Disposition")
    assert 1 <= int(response["Retry-After"]) <= 60
    detail = response.json()["detail"]
    assert "throttled" in detail.lower()
    if scope is not None:
        assert f"the {scope} rate of {rate}" in detail, detail


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


def test_the_429_names_the_scope_and_the_rate(anon_client, rates):
    """``{"detail": "Request was throttled: past the anon rate of 2/min ... Expected available
    in N seconds."}`` and ``Retry-After: N``."""
    rates(anon="2/min")
    anon_client.get(URL), anon_client.get(URL)
    response = anon_client.get(URL)
    assert_throttled(response, "anon", "2/min")
    assert response.json()["detail"].endswith(
        f"Expected available in {response['Retry-After']} seconds."
    )


def test_a_forged_forwarded_for_is_no_new_client(anon_client, rates):
    """A client sending a new ``X-Forwarded-For`` per request is still one client (no proxy
    is trusted by default): its third request is refused."""
    rates(anon="2/min")
    statuses = [
        anon_client.get(URL, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_one_proxy_the_entry_it_appended_is_the_client(anon_client, rates, settings):
    """With TRUSTED_PROXY_COUNT=1, the last entry is the client: what is left of it (written
    by the client) changes nothing, another last entry is another client."""
    settings.TRUSTED_PROXY_COUNT = 1
    rates(anon="1/min")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert (
        anon_client.get(URL, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1", **proxy).status_code == 200
    )
    assert_throttled(anon_client.get(URL, HTTP_X_FORWARDED_FOR="7.7.7.7, 192.0.2.1", **proxy))
    assert (
        anon_client.get(URL, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.2", **proxy).status_code == 200
    )


def test_counters_are_shared_not_per_worker(anon_client, rates):
    """The counter is a database row, so what another worker spent counts here too."""
    rates(anon="5/min")
    assert anon_client.get(URL).status_code == 200
    assert ThrottleCounter.objects.get(key="anon:address-127.0.0.1/60").count == 1
    # Another worker serves the same client four times.
    throttle_counters.hit("anon:address-127.0.0.1", window_seconds=60, cost=4)
    assert_throttled(anon_client.get(URL), "anon", "5/min")


MATCH = "/api/v1/match/"


def _batch(size: int) -> dict:
    return {"queries": [{"name": f"Nobody {i}"} for i in range(size)]}


def test_a_batch_match_costs_one_unit_per_query(anon_client, rates):
    """With ``screening`` at 5/min, a batch of 3 is served and a second one refused (6 > 5);
    the anonymous request rate counts each batch once."""
    rates(screening="5/min", anon="1000/min")
    assert anon_client.post(MATCH, _batch(3), format="json").status_code == 200
    assert_throttled(anon_client.post(MATCH, _batch(3), format="json"), "screening", "5/min")
    assert ThrottleCounter.objects.get(key="anon:address-127.0.0.1/60").count == 2


def test_a_batch_match_within_the_screening_rate_is_served(anon_client, rates):
    """Contrast: 5 queries in one batch and nothing more fit a 5/min screening rate."""
    rates(screening="5/min")
    assert anon_client.post(MATCH, _batch(5), format="json").status_code == 200


def test_screening_has_its_own_rate(reader_client, rates):
    """Past the screening rate, /match/ answers 429 naming it; the other resources are still
    served (the user rate is not spent)."""
    rates(screening="2/min")
    assert [reader_client.get(MATCH, {"name": "x"}).status_code for _ in range(2)] == [200, 200]
    assert_throttled(reader_client.get(MATCH, {"name": "x"}), "screening", "2/min")
    assert reader_client.get(URL).status_code == 200


def test_export_429_names_the_export_rate(anon_client, rates):
    rates(export="1/min")
    anon_client.get(URL, {"format": "csv"})
    assert_throttled(anon_client.get(URL, {"format": "csv"}), "export", "1/min")
