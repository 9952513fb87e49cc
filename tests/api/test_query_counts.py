"""A page of 100 costs what a page of 1 costs: every list, the entity detail, timeline and
history, and every CSV export run a fixed number of queries, pinned here.

Lists are read anonymously (public read), so no query goes to authentication; the pinned
numbers count the page's COUNT, the page itself and one query per prefetched relation, plus
the rate limits' counters: one upsert per rate the request is counted against
(sanctions_tracker/throttle_counters.py).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entities.models import (
    Address,
    Alias,
    Body,
    Designation,
    Entity,
    EntityCountry,
    EntityDate,
    Identifier,
    Measure,
    Programme,
    Relationship,
    TargetedActivity,
)
from events.models import Event, EventParticipant
from sanctions_tracker.partial_dates import PartialDate
from sanctions_tracker.text import fold
from sources.models import CITABLE_FIELDS, Citation, Source
from tests import factories as f
from tests.api.base import RESOURCES, resource

pytestmark = pytest.mark.django_db

N = 100

# The anonymous rate's counter: one upsert per request (counters shared by all workers).
ANON_RATE_QUERIES = 1
# A CSV export is counted against the export rate as well: one more upsert.
EXPORT_RATE_QUERIES = 1


def _bulk(model, rows):
    return model.objects.bulk_create(rows)


def _link(manager_field, pairs):
    """Rows of an m2m table: ``pairs`` of (record, related record)."""
    through = manager_field.through
    left, right = (column.name for column in through._meta.get_fields() if column.many_to_one)
    through.objects.bulk_create(
        through(**{f"{left}_id": a.pk, f"{right}_id": b.pk}) for a, b in pairs
    )


def build(n: int, start: int = 0) -> None:
    """``n`` records of every resource, each carrying its related rows (bulk, for speed):
    entities with an alias, a country, a date of birth, an address, an identifier, a
    designation and a relationship; designations with two measures and an activity;
    programmes with an activity; events with a participant, a designation and an activity;
    sources with thirteen citations, one of each kind of record, and so citations of every
    kind."""
    numbers = range(start, start + n)
    hub = Entity.objects.create(kind="organization", name=f"zz hub {start}")
    activities = _bulk(
        TargetedActivity,
        [TargetedActivity(name=f"Activity {i}", since=PartialDate.parse("1998")) for i in numbers],
    )
    entities = _bulk(
        Entity,
        [
            Entity(kind="company", name=f"Entity {i}", name_folded=fold(f"Entity {i}"))
            for i in numbers
        ],
    )
    parent = Body.objects.create(code=f"XQ-PARENT{start}", name="Parent")
    bodies = _bulk(
        Body,
        [
            Body(code=f"XQ-B{i}", name=f"Body {i}", jurisdiction="US", parent=parent, entity=e)
            for i, e in zip(numbers, entities, strict=True)
        ],
    )
    programmes = _bulk(
        Programme,
        [
            Programme(body=b, code=f"P{i}", name=f"P {i}")
            for i, b in zip(numbers, bodies, strict=True)
        ],
    )
    _link(Programme.targeted_activities, zip(programmes, activities, strict=True))
    aliases = _bulk(
        Alias,
        [Alias(entity=e, name=f"A {e.name}", name_folded=fold(f"A {e.name}")) for e in entities],
    )
    countries = _bulk(
        EntityCountry, [EntityCountry(entity=e, country="PK", role="located_in") for e in entities]
    )
    dates = _bulk(
        EntityDate,
        [EntityDate(entity=e, kind="birth", date=PartialDate.parse("1960/1965")) for e in entities],
    )
    addresses = _bulk(
        Address, [Address(entity=e, city="Islamabad", country="PK") for e in entities]
    )
    identifiers = _bulk(
        Identifier, [Identifier(entity=e, scheme="tax_id", value=f"T{e.pk}") for e in entities]
    )
    relationships = _bulk(
        Relationship, [Relationship(subject=e, kind="owns", object=hub) for e in entities]
    )
    designations = _bulk(
        Designation,
        [
            Designation(entity=e, body=b, programme=p, listed=PartialDate.parse("2024-12-18"))
            for e, b, p in zip(entities, bodies, programmes, strict=True)
        ],
    )
    freeze, ban = Measure.objects.filter(code__in=["asset_freeze", "transaction_ban"])
    _link(Designation.measures, [(d, m) for d in designations for m in (freeze, ban)])
    _link(Designation.targeted_activities, zip(designations, activities, strict=True))
    events = _bulk(
        Event,
        [
            Event(kind="statement", title=f"Event {i}", occurred=PartialDate.parse("2024"))
            for i in numbers
        ],
    )
    participants = _bulk(
        EventParticipant,
        [
            EventParticipant(event=v, entity=e, role="actor")
            for v, e in zip(events, entities, strict=True)
        ],
    )
    _link(Event.designations, zip(events, designations, strict=True))
    _link(Event.targeted_activities, zip(events, activities, strict=True))
    sources = _bulk(
        Source,
        [
            Source(kind="news_article", title=f"Source {i}", published=PartialDate.unknown())
            for i in numbers
        ],
    )
    targets = dict(
        zip(
            CITABLE_FIELDS,
            [
                bodies,
                programmes,
                activities,
                entities,
                aliases,
                countries,
                dates,
                addresses,
                identifiers,
                relationships,
                designations,
                events,
                participants,
            ],
            strict=True,
        )
    )
    _bulk(
        Citation,
        [
            Citation(source=source, quote="q", **{name: records[i]})
            for i, source in enumerate(sources)
            for name, records in targets.items()
        ],
    )


def _queries(client, url: str, **params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response


# ---------------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------------

# COUNT + the page + one query per prefetched relation.
LIST_QUERIES = {
    "bodies": 2,
    "programmes": 3,  # + targeted_activities
    "measures": 1,  # not paginated
    "targeted-activities": 2,
    "entities": 6,  # + aliases, countries, dates, designations
    "aliases": 2,
    "entity-countries": 2,
    "entity-dates": 2,
    "addresses": 2,
    "identifiers": 2,
    "relationships": 2,
    "designations": 4,  # + measures, targeted_activities
    "events": 6,  # + participants, designations, targeted_activities, citations
    "event-participants": 2,
    "sources": 2,
    "citations": 2,
}


@pytest.mark.parametrize(
    "prefix",
    [r.prefix for r in RESOURCES],
)
def test_list_queries_do_not_grow_with_the_page(anon_client, django_assert_num_queries, prefix):
    """A page of 100 records, each with its related rows, takes the queries a page of 1
    takes, and that number is pinned."""
    build(N)
    url = resource(prefix).list_url()

    one, _ = _queries(anon_client, url, page_size=1)
    hundred, page = _queries(anon_client, url, page_size=N)

    rows = page.json()["results"] if isinstance(page.json(), dict) else page.json()
    assert len(rows) == (N if prefix != "measures" else 9)
    assert hundred == one
    with django_assert_num_queries(LIST_QUERIES[prefix] + ANON_RATE_QUERIES):
        anon_client.get(url, {"page_size": N})


def test_list_pages_carry_their_related_rows(anon_client):
    """The query-count data is what it claims to be: every entity of the page has its alias,
    country, date and an active designation; every event its participant and designation."""
    build(N)

    entities = anon_client.get("/api/v1/entities/", {"page_size": N}).json()["results"]
    events = anon_client.get("/api/v1/events/", {"page_size": N}).json()["results"]

    named = [e for e in entities if e["name"].startswith("Entity ")]
    assert len(named) == N
    assert all(len(e["aliases"]) == len(e["countries"]) == len(e["dates"]) == 1 for e in named)
    assert all(e["active_designations"] == 1 for e in named)
    assert all(len(e["participants"]) == len(e["designations"]) == 1 for e in events)


# ---------------------------------------------------------------------------------------------
# CSV exports: 1 record or 100, the same queries
# ---------------------------------------------------------------------------------------------

# Every CSV export first counts its rows up to EXPORT_JOB_MIN_ROWS (one bounded COUNT), to
# run as a background job from there (sanctions_tracker/api/export_jobs.py).
EXPORT_SIZE_CHECK = 1
# One query per export: every column, multi-value ones included, is selected by the rows'
# query (related values joined by the database, see sanctions_tracker.csv_export; it was
# one more query per related table: entities 7, designations 3, events 4).
CSV_QUERIES = {
    "bodies": 1,
    "programmes": 1,
    "targeted-activities": 1,
    "entities": 1,
    "relationships": 1,
    "designations": 1,
    "events": 1,
    "sources": 1,
    "citations": 1,
}


@pytest.mark.parametrize("prefix", list(CSV_QUERIES))
def test_csv_queries_do_not_grow_with_the_rows(anon_client, django_assert_num_queries, prefix):
    """The CSV of 100 records, each with its related rows, takes the queries of the CSV of
    one record, and that number is pinned (the streamed body consumed inside the count)."""
    spec = resource(prefix)
    build(1)
    one, response = _queries(anon_client, spec.list_url(), format="csv")
    build(N - 1, start=1)

    hundred, response = _queries(anon_client, spec.list_url(), format="csv")

    assert hundred == one
    with django_assert_num_queries(
        CSV_QUERIES[prefix] + EXPORT_SIZE_CHECK + ANON_RATE_QUERIES + EXPORT_RATE_QUERIES
    ):
        response = anon_client.get(spec.list_url(), {"format": "csv"})
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + spec.model.objects.count()


# ---------------------------------------------------------------------------------------------
# The entity: detail, timeline, history
# ---------------------------------------------------------------------------------------------

COUNTRIES = ["PK", "US", "CN", "IN", "GB", "FR", "DE", "RU", "IR", "KP"]


def entity_with_everything(k: int) -> Entity:
    """An entity with ``k`` of each: aliases, countries, dates, addresses, identifiers,
    designations (every other one delisted), relationships both ways, citations, and events
    it takes part in that announce its designations; with their history."""
    entity = f.EntityFactory()
    for i in range(k):
        f.AliasFactory(entity=entity)
        f.EntityCountryFactory(entity=entity, country=COUNTRIES[i])
        f.EntityDateFactory(entity=entity, date=f"{1950 + i}/{1960 + i}")
        f.AddressFactory(entity=entity)
        f.IdentifierFactory(entity=entity)
        designation = f.DesignationFactory(entity=entity, measures=["asset_freeze"])
        if i % 2:
            designation.delisted = PartialDate.parse("2025")
            designation.save()
        f.RelationshipFactory(subject=entity)
        f.RelationshipFactory(object=entity)
        f.CitationFactory(entity=entity)
        event = f.EventFactory()
        f.EventParticipantFactory(event=event, entity=entity)
        event.designations.add(designation)
    return entity


ENTITY_QUERIES = {
    # the entity + aliases, countries, dates, addresses, identifiers, designations, their
    # measures, relationships out, relationships in, citations
    "": 11,
    # the entity + designations, events, participants
    "timeline/": 4,
    # the entity + nine history tables + a designation's two many-to-many histories
    "history/": 12,
}


@pytest.mark.parametrize(
    "part",
    [pytest.param(p, id=p or "detail") for p in ENTITY_QUERIES],
)
def test_entity_queries_do_not_grow_with_its_records(anon_client, django_assert_num_queries, part):
    """The entity's detail, timeline and history take the same queries for an entity with
    one of everything as for one with ten of everything, and that number is pinned."""
    small, large = entity_with_everything(1), entity_with_everything(10)

    one, _ = _queries(anon_client, f"/api/v1/entities/{small.pk}/{part}")
    ten, response = _queries(anon_client, f"/api/v1/entities/{large.pk}/{part}")

    assert ten == one
    with django_assert_num_queries(ENTITY_QUERIES[part] + ANON_RATE_QUERIES):
        anon_client.get(f"/api/v1/entities/{large.pk}/{part}")
    data = response.json()
    if part == "":
        assert len(data["designations"]["active"]) == len(data["designations"]["past"]) == 5
    elif part == "timeline/":
        assert len(data) == 10 + 5 + 10  # designations, delistings, events
    else:
        assert data["count"] >= 10 * 9
        assert sum(1 for entry in data["results"] if entry["record_type"] == "entitydate")
