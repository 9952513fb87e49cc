"""The comparison across authorities: who lists whom, who is missing from whose list, and
the lags between bodies, under the filters, in a fixed number of queries."""

import datetime as dt

import pytest
from django.core.management import call_command

from entities.choices import EntityKind
from entities.models import Programme
from importer.services import import_list
from sanctions_tracker.partial_dates import PartialDate
from tests.factories import (
    BodyFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityFactory,
    ProgrammeFactory,
)
from tests.importer.conftest import OFAC_NDC
from workspace import compare_csv
from workspace.compare import CompareRefused, compare, read_query

pytestmark = pytest.mark.django_db
DAY = PartialDate.of_day


@pytest.fixture
def bodies():
    return BodyFactory(code="US-OFAC"), BodyFactory(code="UK-OFSI"), BodyFactory(code="UN-SC")


def listed(entity, body, day, **kwargs):
    listed_on = DAY(day) if isinstance(day, dt.date) else day
    return DesignationFactory(entity=entity, body=body, listed=listed_on, **kwargs)


def test_ndc_is_listed_by_us_ofac_and_us_dos_after_the_seed_and_the_import():
    call_command("load_seed", verbosity=0)
    import_list("ofac-sdn", OFAC_NDC)
    comparison = compare(read_query(["US-OFAC,US-DOS"]))
    ndc = next(e for e in comparison.entities if e.name == "National Development Complex")
    assert set(ndc.listings) == {"US-OFAC", "US-DOS"}
    pair = comparison.pair("US-OFAC", "US-DOS")
    assert (pair.both, pair.only_then) == (1, 0)
    assert pair.only_first == len(comparison.only("US-OFAC", "US-DOS")) >= 1
    # Their listing dates are not known: counted, without a lag.
    assert (pair.lags.count, pair.lags.known) == (1, 0)


def test_a_lag_of_41_days_read_from_each_side(bodies):
    ofac, ofsi, _ = bodies
    entity = EntityFactory(name="Followed")
    listed(entity, ofac, dt.date(2024, 12, 18))
    listed(entity, ofsi, dt.date(2025, 1, 28))
    forward = compare(read_query(["US-OFAC", "UK-OFSI"]))
    lags = forward.pair("US-OFAC", "UK-OFSI").lags
    assert (lags.count, lags.known, lags.ranged) == (1, 1, 0)
    assert (lags.minimum, lags.median, lags.maximum) == (41, 41, 41)
    assert dict(lags.buckets)["31 to 90 days after"] == 1
    assert str(forward.entities[0].lag("US-OFAC", "UK-OFSI")) == (
        "UK-OFSI followed US-OFAC after 41 days"
    )
    reverse = compare(read_query(["UK-OFSI", "US-OFAC"]))
    backward = reverse.pair("UK-OFSI", "US-OFAC").lags
    assert backward.days == [-41]
    row = reverse.entities[0]
    assert (row.lag("UK-OFSI", "US-OFAC").low, row.lag("UK-OFSI", "US-OFAC").high) == (-41, -41)
    # In words, the body that listed first comes first, whatever the order asked.
    assert row.lag_text("UK-OFSI", "US-OFAC") == "UK-OFSI followed US-OFAC after 41 days"
    assert dict(backward.buckets)["31 to 90 days before"] == 1


def test_distribution_counts_ranged_and_unknown_lags_apart(bodies):
    ofac, ofsi, _ = bodies
    for days in (0, 5, 400):
        entity = EntityFactory()
        listed(entity, ofac, dt.date(2024, 1, 1))
        listed(entity, ofsi, dt.date(2024, 1, 1) + dt.timedelta(days=days))
    ranged = EntityFactory()
    listed(ranged, ofac, PartialDate.of_month(2024, 12))
    listed(ranged, ofsi, dt.date(2024, 12, 19))  # -12 to 18 days: middle 3
    unknown = EntityFactory()
    listed(unknown, ofac, PartialDate.unknown("Thursday"))
    listed(unknown, ofsi, dt.date(2024, 12, 19))
    lags = compare(read_query(["US-OFAC", "UK-OFSI"])).pair("US-OFAC", "UK-OFSI").lags
    assert (lags.count, lags.known, lags.ranged) == (5, 4, 1)
    assert sorted(lags.days) == [0, 3, 5, 400]
    assert (lags.minimum, lags.median, lags.maximum) == (0, 4, 400)
    assert isinstance(lags.median, int)  # a whole median is a whole number of days
    buckets = dict(lags.buckets)
    assert (buckets["same day"], buckets["1 to 7 days after"]) == (1, 2)
    assert buckets["more than 365 days after"] == 1
    assert sum(buckets.values()) == lags.known


def test_listed_by_one_and_not_the_other_each_way(bodies):
    ofac, ofsi, un = bodies
    only_ofac, only_ofsi, both, neither = (EntityFactory(name=n) for n in "ABCD")
    listed(only_ofac, ofac, dt.date(2024, 1, 1))
    listed(only_ofsi, ofsi, dt.date(2024, 1, 1))
    listed(both, ofac, dt.date(2024, 1, 1))
    listed(both, ofsi, dt.date(2024, 1, 2))
    listed(neither, un, dt.date(2024, 1, 1))
    comparison = compare(read_query(["US-OFAC", "UK-OFSI"]))
    assert [e.name for e in comparison.entities] == ["A", "B", "C"]
    pair = comparison.pair("US-OFAC", "UK-OFSI")
    assert (pair.only_first, pair.only_then, pair.both) == (1, 1, 1)
    assert [e.name for e in comparison.only("US-OFAC", "UK-OFSI")] == ["A"]
    assert [e.name for e in comparison.only("UK-OFSI", "US-OFAC")] == ["B"]
    three = compare(read_query(["US-OFAC", "UK-OFSI", "UN-SC"]))
    assert [(p.first, p.then) for p in three.pairs] == [
        ("US-OFAC", "UK-OFSI"),
        ("US-OFAC", "UN-SC"),
        ("UK-OFSI", "UN-SC"),
    ]
    assert three.pair("UK-OFSI", "UN-SC").only_then == 1


def test_active_designations_only_unless_asked(bodies):
    ofac, ofsi, _ = bodies
    entity = EntityFactory()
    listed(entity, ofac, dt.date(2024, 1, 1))
    listed(entity, ofsi, dt.date(2024, 2, 1), delisted=PartialDate.parse("2024-06-01"))
    pair = compare(read_query(["US-OFAC", "UK-OFSI"])).pair("US-OFAC", "UK-OFSI")
    assert (pair.only_first, pair.both) == (1, 0)
    query = read_query(["US-OFAC", "UK-OFSI"], active_only="false")
    pair = compare(query).pair("US-OFAC", "UK-OFSI")
    assert (pair.only_first, pair.both, pair.lags.days) == (0, 1, [31])


def test_filters_by_kind_country_and_programme(bodies):
    ofac, ofsi, _ = bodies
    npwmd = ProgrammeFactory(body=ofac, code="NPWMD")
    person = EntityFactory(name="Person", kind=EntityKind.PERSON)
    in_pk = EntityFactory(name="In PK")
    EntityCountryFactory(entity=in_pk, country="PK")
    under = EntityFactory(name="Under NPWMD")
    listed(person, ofac, dt.date(2024, 1, 1))
    listed(in_pk, ofsi, dt.date(2024, 1, 1))
    listed(under, ofac, dt.date(2024, 1, 1), programme=npwmd)
    listed(under, ofsi, dt.date(2024, 3, 1))

    def names(**filters):
        return [e.name for e in compare(read_query(["US-OFAC", "UK-OFSI"], **filters)).entities]

    assert names(kind="person") == ["Person"]
    assert names(country="pk") == ["In PK"]
    assert names(programme="NPWMD") == ["Under NPWMD"]
    assert names(programme="US-OFAC:NPWMD") == ["Under NPWMD"]
    # The programme narrows the entities, not the other body's listings of them.
    under_row = compare(read_query(["US-OFAC", "UK-OFSI"], programme="NPWMD")).entities[0]
    assert set(under_row.listings) == {"US-OFAC", "UK-OFSI"}


@pytest.mark.parametrize(
    "bodies_given, filters, parameter, words",
    [
        (["US-OFAC,XX-NOPE"], {}, "bodies", "XX-NOPE"),
        (["US-OFAC"], {}, "bodies", "at least two"),
        (["US-OFAC,us-ofac"], {}, "bodies", "at least two"),
        (["US-OFAC,UK-OFSI"], {"country": "Pakistan"}, "country", "'Pakistan'"),
        (["US-OFAC,UK-OFSI"], {"kind": "ship"}, "kind", "'ship'"),
        (["US-OFAC,UK-OFSI"], {"programme": "NOPE"}, "programme", "'NOPE'"),
        (["US-OFAC,UK-OFSI"], {"active_only": "maybe"}, "active_only", "'maybe'"),
        (["US-OFAC,UK-OFSI\x00"], {}, "bodies", "Null characters"),
        (["US-OFAC,UK-OFSI"], {"programme": "\x00"}, "programme", "Null characters"),
        (["US-OFAC,UK-OFSI"], {"kind": "person\x00"}, "kind", "Null characters"),
        (["US-OFAC,UK-OFSI"], {"active_only": "true\x00"}, "active_only", "Null characters"),
        (["US-OFAC,UK-OFSI"], {"not_listed_by": ["\x00"]}, "not_listed_by", "Null char"),
    ],
)
def test_refusals_name_the_parameter_and_the_value(bodies, bodies_given, filters, parameter, words):
    with pytest.raises(CompareRefused) as refused:
        read_query(bodies_given, **filters)
    assert list(refused.value.errors) == [parameter]
    assert words in refused.value.errors[parameter][0]


def _grow(ofac, ofsi, n):
    npwmd = Programme.objects.get_or_create(body=ofac, code="NPWMD", defaults={"name": "NP"})[0]
    for i in range(n):
        entity = EntityFactory()
        EntityCountryFactory(entity=entity, country="PK")
        listed(entity, ofac, dt.date(2024, 1, 1), programme=npwmd)
        listed(entity, ofsi, dt.date(2024, 1, 1) + dt.timedelta(days=i))


def test_query_count_does_not_grow_with_the_data(bodies, django_assert_num_queries):
    ofac, ofsi, _ = bodies
    _grow(ofac, ofsi, 1)
    for n in (1, 30):
        if n > 1:
            _grow(ofac, ofsi, n - 1)
        # The bodies, the programme; then the lists and the first listings.
        with django_assert_num_queries(4):
            query = read_query(["US-OFAC", "UK-OFSI"], programme="NPWMD", country="PK")
            assert len(compare(query).entities) == n
        with django_assert_num_queries(3):
            comparison = compare(read_query(["US-OFAC", "UK-OFSI"]))
        assert len(comparison.entities) == n


def test_csv_has_a_column_per_body_and_per_pair(bodies):
    ofac, ofsi, un = bodies
    entity = EntityFactory(name="=Followed")
    listed(entity, ofac, dt.date(2024, 12, 18))
    listed(entity, ofsi, dt.date(2025, 1, 28))
    ranged = EntityFactory(name="Ranged", kind=EntityKind.PERSON)
    listed(ranged, ofac, PartialDate.of_month(2024, 12))
    listed(ranged, un, dt.date(2024, 12, 19))
    listed(ranged, ofsi, PartialDate.unknown())
    comparison = compare(read_query(["US-OFAC", "UK-OFSI", "UN-SC"]))
    assert compare_csv.headers(comparison) == [
        "id",
        "name",
        "kind",
        "US-OFAC listed",
        "UK-OFSI listed",
        "UN-SC listed",
        "lag US-OFAC to UK-OFSI (days)",
        "lag US-OFAC to UN-SC (days)",
        "lag UK-OFSI to UN-SC (days)",
    ]
    rows = list(compare_csv.rows(comparison))
    assert rows == [
        [entity.pk, "'=Followed", "organization", "2024-12-18", "2025-01-28", "", 41, "", ""],
        [
            ranged.pk,
            "Ranged",
            "person",
            "2024-12",
            "unknown",
            "2024-12-19",
            "unknown",
            "between -12 and 18",
            "unknown",
        ],
    ]
