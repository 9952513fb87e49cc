"""Filters of /api/v1/designations/: one test per filter (and per notable value). Date ranges
match partial dates that MAY fall in the range; unknown dates never match; ``active_on``
keeps designations KNOWN to be in force that day."""

from __future__ import annotations

import pytest

from entities.filtersets import DesignationFilterSet
from sanctions_tracker.partial_dates import PartialDate
from tests.api.test_filtersets_entities import exercises, ids, list_ids
from tests.factories import (
    BodyFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/designations/"


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


def designation_ids(client, params: dict) -> set[int]:
    return ids(client, params, URL)


# body, body_id, programme, programme_id ------------------------------------------------------
@pytest.fixture
def by_body():
    """Designations by US-DOS (active and delisted), US-OFAC under NPWMD and SDGT, and US-DOS
    under its own NPWMD (same code as OFAC's)."""
    dos = BodyFactory(code="US-DOS", name="US Department of State")
    ofac = BodyFactory(code="US-OFAC", name="Office of Foreign Assets Control")
    ofac_npwmd = ProgrammeFactory(body=ofac, code="NPWMD")
    dos_npwmd = ProgrammeFactory(body=dos, code="NPWMD")
    return {
        "dos": dos,
        "ofac": ofac,
        "ofac_npwmd": ofac_npwmd,
        "dos_active": DesignationFactory(body=dos, programme=None),
        "dos_delisted": DesignationFactory(body=dos, programme=None, delisted=day("2025-03-01")),
        "dos_npwmd": DesignationFactory(body=dos, programme=dos_npwmd),
        "ofac_npwmd_d": DesignationFactory(body=ofac, programme=ofac_npwmd),
        "ofac_sdgt": DesignationFactory(body=ofac, programme=ProgrammeFactory(body=ofac)),
    }


@exercises(DesignationFilterSet, "body")
@pytest.mark.parametrize("code", ["US-DOS", "us-dos"])
def test_body_by_code(anon_client, by_body, code):
    """``body``: every designation by the body with this code (active or not, any case)."""
    w = by_body
    expected = {w["dos_active"].pk, w["dos_delisted"].pk, w["dos_npwmd"].pk}
    assert designation_ids(anon_client, {"body": code}) == expected


@exercises(DesignationFilterSet, "body_id")
def test_body_id(anon_client, by_body):
    """``body_id``: every designation by the body with this id."""
    w = by_body
    expected = {w["ofac_npwmd_d"].pk, w["ofac_sdgt"].pk}
    assert designation_ids(anon_client, {"body_id": w["ofac"].pk}) == expected


@exercises(DesignationFilterSet, "programme")
def test_programme_by_code(anon_client, by_body):
    """``programme=NPWMD``: under any body's programme with this code."""
    w = by_body
    expected = {w["dos_npwmd"].pk, w["ofac_npwmd_d"].pk}
    assert designation_ids(anon_client, {"programme": "NPWMD"}) == expected


@exercises(DesignationFilterSet, "programme")
def test_programme_by_body_and_code(anon_client, by_body):
    """``programme=US-OFAC:NPWMD``: under that body's programme only."""
    w = by_body
    assert designation_ids(anon_client, {"programme": "US-OFAC:NPWMD"}) == {w["ofac_npwmd_d"].pk}


@exercises(DesignationFilterSet, "programme_id")
def test_programme_id(anon_client, by_body):
    """``programme_id``: under the programme with this id."""
    w = by_body
    params = {"programme_id": w["ofac_npwmd"].pk}
    assert designation_ids(anon_client, params) == {w["ofac_npwmd_d"].pk}


# entity, entity_id ---------------------------------------------------------------------------
@pytest.fixture
def two_entities():
    ndc = EntityFactory(name="National Development Complex")
    first = DesignationFactory(entity=ndc)
    second = DesignationFactory(entity=ndc, delisted=day("2025-03-01"))
    other = DesignationFactory()
    return {"ndc": ndc, "mine": {first.pk, second.pk}, "other": other}


@exercises(DesignationFilterSet, "entity")
@pytest.mark.parametrize("key", ["id", "uid"])
def test_entity_by_id_or_uid(anon_client, two_entities, key):
    """``entity``: the entity's designations, by its id or its uid."""
    value = getattr(two_entities["ndc"], key)
    assert designation_ids(anon_client, {"entity": str(value)}) == two_entities["mine"]


@exercises(DesignationFilterSet, "entity_id")
def test_entity_id(anon_client, two_entities):
    """``entity_id``: the entity's designations, by its id."""
    params = {"entity_id": two_entities["ndc"].pk}
    assert designation_ids(anon_client, params) == two_entities["mine"]


# status, country, active_on ------------------------------------------------------------------
@pytest.fixture
def statuses():
    return {
        "active": DesignationFactory(),
        "delisted": DesignationFactory(delisted=day("2025-03-01")),
        "delisted_unknown": DesignationFactory(delisted=PartialDate.unknown("later")),
    }


@exercises(DesignationFilterSet, "status")
def test_status_active(anon_client, statuses):
    """``status=active``: not delisted."""
    assert designation_ids(anon_client, {"status": "active"}) == {statuses["active"].pk}


@exercises(DesignationFilterSet, "status")
def test_status_delisted(anon_client, statuses):
    """``status=delisted``: delisted, on a known date or not."""
    expected = {statuses["delisted"].pk, statuses["delisted_unknown"].pk}
    assert designation_ids(anon_client, {"status": "delisted"}) == expected


@exercises(DesignationFilterSet, "country")
@pytest.mark.parametrize("code", ["PK", "pk"])
def test_country_of_the_entity(anon_client, code):
    """``country``: designations of entities tied to the country (any case)."""
    pakistani = DesignationFactory()
    EntityCountryFactory(entity=pakistani.entity, country="PK")
    chinese = DesignationFactory()
    EntityCountryFactory(entity=chinese.entity, country="CN")
    DesignationFactory()  # an entity without a country
    assert designation_ids(anon_client, {"country": code}) == {pakistani.pk}


@exercises(DesignationFilterSet, "active_on")
@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2024-12-17", set()),
        ("2024-12-18", {"day"}),
        ("2024-12-31", {"day", "month"}),
        ("2025-03-01", {"month"}),
    ],
)
def test_active_on(anon_client, on, expected):
    """``active_on``: known to be in force that day. Listed 2024-12-18 and delisted
    2025-03-01: from 2024-12-18 to 2025-02-28. Listed "2024-12": only from 2024-12-31, when
    it is certain. Listed on an unknown date: never."""
    made = {
        "day": DesignationFactory(listed=day("2024-12-18"), delisted=day("2025-03-01")),
        "month": DesignationFactory(listed=day("2024-12")),
        "unknown": DesignationFactory(listed=PartialDate.unknown("Thursday")),
    }
    assert designation_ids(anon_client, {"active_on": on}) == {made[k].pk for k in expected}


# listed_after, listed_before -----------------------------------------------------------------
@pytest.fixture
def listings():
    """Listed in 2024 (year only), 2024-05-01, 2024-12-18, 2025-03-01 and on an unknown day."""
    return {
        name: DesignationFactory(listed=date)
        for name, date in {
            "year_2024": day("2024"),
            "may": day("2024-05-01"),
            "december": day("2024-12-18"),
            "march_2025": day("2025-03-01"),
            "unknown": PartialDate.unknown("Thursday"),
        }.items()
    }


@exercises(DesignationFilterSet, "listed_after")
@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("2024-06-01", {"year_2024", "december", "march_2025"}),
        ("2025-01-01", {"march_2025"}),
    ],
)
def test_listed_after(anon_client, listings, after, expected):
    """``listed_after``: listed on or after the day, or possibly so ("2024" may be after
    2024-06-01 but not after 2025-01-01); an unknown date never matches."""
    result = designation_ids(anon_client, {"listed_after": after})
    assert result == {listings[name].pk for name in expected}


@exercises(DesignationFilterSet, "listed_before")
def test_listed_before(anon_client, listings):
    """``listed_before=2024-06-30``: 2024-05-01, and "2024" which may be before; an unknown
    date never matches."""
    result = designation_ids(anon_client, {"listed_before": "2024-06-30"})
    assert result == {listings["year_2024"].pk, listings["may"].pk}


@exercises(DesignationFilterSet, "listed_after", "listed_before")
def test_listed_in_a_range_a_year_may_fall_in(anon_client, listings):
    """``listed_after=2024-06-01&listed_before=2024-06-30``: only the listing known to the year
    2024, which may fall in June."""
    params = {"listed_after": "2024-06-01", "listed_before": "2024-06-30"}
    assert designation_ids(anon_client, params) == {listings["year_2024"].pk}


# delisted_after, delisted_before -------------------------------------------------------------
@pytest.fixture
def delistings():
    """Delisted 2024-12-31, in 2025-03, 2025-06-01, on an unknown date; and one active."""
    listed = day("2024-12-18")
    return {
        "dec": DesignationFactory(listed=listed, delisted=day("2024-12-31")),
        "march": DesignationFactory(listed=listed, delisted=day("2025-03")),
        "june": DesignationFactory(listed=listed, delisted=day("2025-06-01")),
        "unknown": DesignationFactory(listed=listed, delisted=PartialDate.unknown("later")),
        "active": DesignationFactory(listed=listed),
    }


@exercises(DesignationFilterSet, "delisted_after")
def test_delisted_after(anon_client, delistings):
    """``delisted_after=2025-03-15``: "2025-03" may be after, 2025-06-01 is; active and
    unknown delistings never match."""
    result = designation_ids(anon_client, {"delisted_after": "2025-03-15"})
    assert result == {delistings["march"].pk, delistings["june"].pk}


@exercises(DesignationFilterSet, "delisted_before")
def test_delisted_before(anon_client, delistings):
    """``delisted_before=2025-03-15``: 2024-12-31, and "2025-03" which may be before."""
    result = designation_ids(anon_client, {"delisted_before": "2025-03-15"})
    assert result == {delistings["dec"].pk, delistings["march"].pk}


# ordering ------------------------------------------------------------------------------------
@pytest.fixture
def listed_order():
    """Created out of order: 2024-12 (month), 2024-12-18, 2024 (year), 2024-01-01."""
    return {
        "month": DesignationFactory(listed=day("2024-12")),
        "dec18": DesignationFactory(listed=day("2024-12-18")),
        "year": DesignationFactory(listed=day("2024")),
        "jan1": DesignationFactory(listed=day("2024-01-01")),
    }


def test_ordering_by_listed(anon_client, listed_order):
    """``ordering=listed``: partial dates by their first day, then their last: 2024-01-01,
    2024 (Jan 1 to Dec 31), 2024-12 (Dec 1 to 31), 2024-12-18."""
    w = listed_order
    expected = [w["jan1"].pk, w["year"].pk, w["month"].pk, w["dec18"].pk]
    assert list_ids(anon_client, URL, {"ordering": "listed"}) == expected


def test_ordering_by_listed_descending(anon_client, listed_order):
    """``ordering=-listed``: the exact reverse, by first day then last day descending."""
    w = listed_order
    expected = [w["dec18"].pk, w["month"].pk, w["year"].pk, w["jan1"].pk]
    assert list_ids(anon_client, URL, {"ordering": "-listed"}) == expected


def test_ordering_by_listed_puts_unknown_dates_last_on_every_database(anon_client):
    """Unknown listing dates sort last whichever the direction, as in the timeline and
    ``partial_dates.sort_key``, so that the same request gives the same order on SQLite and
    PostgreSQL."""
    unknown = DesignationFactory(listed=PartialDate.unknown("Thursday"))
    early = DesignationFactory(listed=day("2024-01-01"))
    late = DesignationFactory(listed=day("2025-01-01"))
    ascending = list_ids(anon_client, URL, {"ordering": "listed"})
    descending = list_ids(anon_client, URL, {"ordering": "-listed"})
    assert (ascending, descending) == (
        [early.pk, late.pk, unknown.pk],
        [late.pk, early.pk, unknown.pk],
    )
