"""The lag rule: exact days between day-precise listings, a range for partial ones, nothing
for unknown ones; each body's earliest listing counts."""

import datetime as dt

import pytest

from sanctions_tracker.partial_dates import PartialDate
from tests.factories import BodyFactory, DesignationFactory, EntityFactory
from workspace.lags import Lag, first_listings, lags_between, listing_lag

DAY = PartialDate.of_day


def test_day_precise_listings_give_exact_days():
    assert listing_lag(DAY(dt.date(2024, 12, 18)), DAY(dt.date(2025, 1, 28))) == (41, 41)


def test_a_month_against_a_day_gives_a_range():
    assert listing_lag(PartialDate.of_month(2024, 12), DAY(dt.date(2024, 12, 19))) == (-12, 18)


def test_unknown_dates_give_no_lag():
    assert listing_lag(PartialDate.unknown("Thursday"), DAY(dt.date(2024, 12, 19))) is None
    assert listing_lag(DAY(dt.date(2024, 12, 19)), PartialDate.none()) is None


def test_lags_between_orders_pairs_by_first_listing_and_skips_unknown():
    lags = lags_between(
        {
            "UK-OFSI": DAY(dt.date(2025, 1, 28)),
            "US-OFAC": DAY(dt.date(2024, 12, 18)),
            "US-DOS": PartialDate.unknown(),
            "UN-SC": PartialDate.of_year(2025),
        }
    )
    assert [(lag.first, lag.then, lag.low, lag.high) for lag in lags] == [
        ("US-OFAC", "UN-SC", 14, 378),  # 2025 starts before 2025-01-28
        ("US-OFAC", "UK-OFSI", 41, 41),
        ("UN-SC", "UK-OFSI", -337, 27),
    ]
    assert str(lags[1]) == "UK-OFSI followed US-OFAC after 41 days"
    assert str(lags[0]) == "UN-SC followed US-OFAC after 14 to 378 days"
    assert str(lags[2]) == "UK-OFSI listed between 337 days before and 27 days after UN-SC"


def test_same_day_wording():
    assert str(Lag("A", "B", 0, 0)) == "B and A listed on the same day"


@pytest.mark.django_db
def test_first_listings_takes_each_bodys_earliest_known_listing():
    entity = EntityFactory()
    ofac, ofsi = BodyFactory(code="US-OFAC"), BodyFactory(code="UK-OFSI")
    DesignationFactory(entity=entity, body=ofac, listed=PartialDate.unknown())
    DesignationFactory(entity=entity, body=ofac, listed=DAY(dt.date(2024, 12, 18)))
    DesignationFactory(entity=entity, body=ofac, listed=DAY(dt.date(2025, 3, 1)))
    DesignationFactory(entity=entity, body=ofsi, listed=PartialDate.unknown())
    other = EntityFactory()
    listings = first_listings([entity.pk])
    assert set(listings) == {entity.pk}
    assert listings[entity.pk]["US-OFAC"] == DAY(dt.date(2024, 12, 18))
    assert not listings[entity.pk]["UK-OFSI"].is_known
    assert other.pk not in listings
