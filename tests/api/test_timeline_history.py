"""An entity's timeline (designations, delistings and events in date order, partial dates by
their first then last possible day, unknown dates last) and its change history (who, when,
before and after, newest first, paged)."""

from __future__ import annotations

import pytest

from entities.models import Entity
from events.choices import EventKind, ParticipantRole
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation
from tests.factories import (
    AliasFactory,
    BodyFactory,
    DesignationFactory,
    EntityDateFactory,
    EntityFactory,
    EventFactory,
    EventParticipantFactory,
    ProgrammeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


# Timeline ------------------------------------------------------------------------------------
@pytest.fixture
def ndc_timeline():
    """The NDC: designated by US-DOS on 2024-12-18 and delisted 2025-03-01, by US-OFAC under
    NPWMD in "2024", by UK-OFSI on an unknown date; it acts in the 1998 tests and is the
    subject and the target of the "Thursday" statement; an event announces its OFAC
    designation without naming it as a participant. Others' records must stay out."""
    ndc = EntityFactory(name="National Development Complex")
    dos = BodyFactory(code="US-DOS", name="US Department of State")
    ofac = BodyFactory(code="US-OFAC", name="Office of Foreign Assets Control")
    ofsi = BodyFactory(code="UK-OFSI", name="Office of Financial Sanctions Implementation")
    dos_designation = DesignationFactory(
        entity=ndc, body=dos, programme=None, listed=day("2024-12-18"), delisted=day("2025-03-01")
    )
    ofac_designation = DesignationFactory(
        entity=ndc,
        body=ofac,
        programme=ProgrammeFactory(body=ofac, code="NPWMD"),
        listed=day("2024"),
    )
    ofsi_designation = DesignationFactory(
        entity=ndc, body=ofsi, programme=None, listed=PartialDate.unknown("earlier")
    )
    tests_1998 = EventFactory(
        kind=EventKind.NUCLEAR_TEST, title="Underground nuclear tests", occurred=day("1998")
    )
    EventParticipantFactory(event=tests_1998, entity=ndc, role=ParticipantRole.ACTOR)
    EventParticipantFactory(event=tests_1998, role=ParticipantRole.VENUE)  # someone else
    statement = EventFactory(
        kind=EventKind.STATEMENT,
        title="Ministry calls the sanctions discriminatory",
        occurred=PartialDate.unknown("Thursday"),
    )
    EventParticipantFactory(event=statement, entity=ndc, role=ParticipantRole.TARGET)
    EventParticipantFactory(event=statement, entity=ndc, role=ParticipantRole.SUBJECT)
    EventParticipantFactory(event=statement, role=ParticipantRole.SPEAKER)  # someone else
    announcement = EventFactory(
        kind=EventKind.DESIGNATION, title="OFAC designates the NDC", occurred=day("2024-12-19")
    )
    announcement.designations.add(ofac_designation)
    # Another entity's designation and event: not on the NDC's timeline.
    other = DesignationFactory(body=dos, programme=None, listed=day("2024-06-01"))
    EventFactory(title="Unrelated event", occurred=day("2024-06-02")).designations.add(other)
    EventParticipantFactory(event=EventFactory(title="Unrelated too"))
    return {
        "ndc": ndc,
        "dos": dos_designation,
        "ofac": ofac_designation,
        "ofsi": ofsi_designation,
        "1998": tests_1998,
        "statement": statement,
        "announcement": announcement,
    }


def timeline(client, entity) -> list[dict]:
    response = client.get(f"{API}/entities/{entity.pk}/timeline/")
    assert response.status_code == 200, response.content
    return response.json()


def test_timeline_orders_items_by_date_partial_dates_first_day_first(anon_client, ndc_timeline):
    """1998 event, then "2024" (its first day is before 2024-12-18), 2024-12-18, the event of
    2024-12-19, the 2025-03-01 delisting, then the unknown dates (designations before
    events)."""
    w = ndc_timeline
    items = timeline(anon_client, w["ndc"])
    got = [(i["kind"], (i["designation"] or i["event"])["id"], i["date"]["value"]) for i in items]
    assert got == [
        ("event", w["1998"].pk, "1998"),
        ("designation", w["ofac"].pk, "2024"),
        ("designation", w["dos"].pk, "2024-12-18"),
        ("event", w["announcement"].pk, "2024-12-19"),
        ("delisting", w["dos"].pk, "2025-03-01"),
        ("designation", w["ofsi"].pk, None),
        ("event", w["statement"].pk, None),
    ]


def test_timeline_item_of_a_designation(anon_client, ndc_timeline):
    """A designation item: kind, the partial date, a title naming the body and programme, the
    designation in brief, no event."""
    w = ndc_timeline
    item = timeline(anon_client, w["ndc"])[1]
    assert item == {
        "kind": "designation",
        "date": {
            "value": "2024",
            "precision": "year",
            "text": "",
            "earliest": "2024-01-01",
            "latest": "2024-12-31",
        },
        "title": "Designated by US-OFAC under NPWMD",
        "designation": {
            "id": w["ofac"].pk,
            "url": f"http://testserver{API}/designations/{w['ofac'].pk}/",
            "display": "National Development Complex by US-OFAC under NPWMD",
        },
        "event": None,
        "event_kind": None,
        "roles": [],
    }


def test_timeline_item_of_a_delisting(anon_client, ndc_timeline):
    """A delisting item carries the delisting date and the designation it ends."""
    w = ndc_timeline
    [item] = [i for i in timeline(anon_client, w["ndc"]) if i["kind"] == "delisting"]
    assert (item["title"], item["date"]["value"], item["designation"]["id"]) == (
        "Delisted by US-DOS",
        "2025-03-01",
        w["dos"].pk,
    )
    assert item["event"] is None


def test_timeline_item_of_an_event_with_an_unknown_date(anon_client, ndc_timeline):
    """An event item: its title, kind and brief; an unknown date keeps the source's words; the
    entity's roles in it (not the roles of others)."""
    w = ndc_timeline
    item = timeline(anon_client, w["ndc"])[-1]
    assert item == {
        "kind": "event",
        "date": {
            "value": None,
            "precision": "unknown",
            "text": "Thursday",
            "earliest": None,
            "latest": None,
        },
        "title": "Ministry calls the sanctions discriminatory",
        "designation": None,
        "event": {
            "id": w["statement"].pk,
            "url": f"http://testserver{API}/events/{w['statement'].pk}/",
            "display": "Ministry calls the sanctions discriminatory",
        },
        "event_kind": "statement",
        "roles": ["subject", "target"],
    }


def test_timeline_roles_of_the_entity_in_events(anon_client, ndc_timeline):
    """Roles are the entity's own: actor in 1998, none in an event tied only through a
    designation of it."""
    w = ndc_timeline
    roles = {i["event"]["id"]: i["roles"] for i in timeline(anon_client, w["ndc"]) if i["event"]}
    assert roles == {
        w["1998"].pk: ["actor"],
        w["announcement"].pk: [],
        w["statement"].pk: ["subject", "target"],
    }


def test_timeline_of_an_entity_without_records_is_empty(anon_client, ndc_timeline):
    """An entity with no designation and no event has an empty timeline."""
    assert timeline(anon_client, EntityFactory()) == []


def test_timeline_of_an_unknown_entity_is_not_found(anon_client):
    """The timeline of an entity that does not exist is a 404."""
    assert anon_client.get(f"{API}/entities/999999/timeline/").status_code == 404


# History -------------------------------------------------------------------------------------
@pytest.fixture
def edited(curator_client):
    """Through the API, as the curator: create an entity, add an alias, rename the entity,
    designate it, delist the designation."""
    body = BodyFactory(code="US-DOS", name="US Department of State")
    source = SourceFactory(title="Federal Register notice")

    def ok(response, status=201):
        assert response.status_code == status, response.content
        return response.json()

    entity = ok(
        curator_client.post(
            f"{API}/entities/",
            {"kind": "public_body", "name": "Natl Development Complex"},
            format="json",
        )
    )
    alias = ok(
        curator_client.post(
            f"{API}/aliases/", {"entity": entity["id"], "name": "NDC"}, format="json"
        )
    )
    ok(
        curator_client.patch(
            f"{API}/entities/{entity['id']}/",
            {"name": "National Development Complex"},
            format="json",
            HTTP_IF_MATCH=f'"v{entity["version"]}"',
        ),
        200,
    )
    designation = ok(
        curator_client.post(
            f"{API}/designations/",
            {"entity": entity["id"], "body": body.pk, "listed": "2024-12-18"},
            format="json",
        )
    )
    ok(
        curator_client.post(
            f"{API}/designations/{designation['id']}/delist/",
            {"delisted": "2025-03-01", "source": source.pk, "quote": "removed from the list"},
            format="json",
        ),
        200,
    )
    DesignationFactory()  # someone else's history stays out
    return {
        "entity": Entity.objects.get(pk=entity["id"]),
        "alias": alias["id"],
        "designation": designation["id"],
        "source": source,
    }


def history(client, entity, **params) -> dict:
    response = client.get(f"{API}/entities/{entity.pk}/history/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_history_lists_changes_newest_first_with_the_user(anon_client, edited):
    """Every change to the entity and its parts, newest first, each with who made it."""
    entries = history(anon_client, edited["entity"])["results"]
    got = [(e["record_type"], e["record_id"], e["action"], e["user"]) for e in entries]
    entity, alias, designation = edited["entity"].pk, edited["alias"], edited["designation"]
    citation = Citation.objects.get(designation_id=designation).pk
    assert got == [
        ("citation", citation, "created", "curator"),
        ("designation", designation, "changed", "curator"),
        ("designation", designation, "created", "curator"),
        ("entity", entity, "changed", "curator"),
        ("alias", alias, "created", "curator"),
        ("entity", entity, "created", "curator"),
    ]
    times = [e["at"] for e in entries]
    assert times == sorted(times, reverse=True)


def test_history_of_a_rename_shows_before_and_after(anon_client, edited):
    """The rename shows the name before and after, and nothing else (not the folded name,
    the version or the time stamps)."""
    entries = history(anon_client, edited["entity"])["results"]
    [rename] = [e for e in entries if e["record_type"] == "entity" and e["action"] == "changed"]
    assert rename["changes"] == [
        {
            "field": "name",
            "before": "Natl Development Complex",
            "after": "National Development Complex",
        }
    ]
    assert rename["record"] == "National Development Complex"


def test_history_of_a_delisting_shows_the_date_and_the_reason(anon_client, edited):
    """The delisting shows the delisting date's columns before and after, and why."""
    [delisting] = [
        e
        for e in history(anon_client, edited["entity"])["results"]
        if e["record_type"] == "designation" and e["action"] == "changed"
    ]
    assert sorted(delisting["changes"], key=lambda c: c["field"]) == [
        {"field": "delisted_earliest", "before": None, "after": "2025-03-01"},
        {"field": "delisted_latest", "before": None, "after": "2025-03-01"},
        {"field": "delisted_precision", "before": "", "after": "day"},
    ]
    assert delisting["reason"] == f"Delisted, citing {edited['source'].title}"


def test_history_of_a_creation_shows_the_values_set(anon_client, edited):
    """A creation shows the values set, each with no "before"."""
    entries = history(anon_client, edited["entity"])["results"]
    [created] = [e for e in entries if e["record_type"] == "alias" and e["action"] == "created"]
    changes = {c["field"]: (c["before"], c["after"]) for c in created["changes"]}
    assert changes["name"] == (None, "NDC")
    assert changes["entity_id"] == (None, edited["entity"].pk)


def test_history_is_paginated(anon_client, edited):
    """``page_size=2``: six entries on three pages, in the same newest-first order."""
    entity = edited["entity"]
    pages = [history(anon_client, entity, page_size=2, page=n) for n in (1, 2, 3)]
    assert [p["count"] for p in pages] == [6, 6, 6]
    assert [len(p["results"]) for p in pages] == [2, 2, 2]
    assert "page=2" in pages[0]["next"]
    assert "page_size=2" in pages[0]["next"]
    assert pages[2]["next"] is None
    paged = [(e["record_type"], e["action"]) for p in pages for e in p["results"]]
    whole = [(e["record_type"], e["action"]) for e in history(anon_client, entity)["results"]]
    assert paged == whole


def test_history_holds_the_changes_of_the_entitys_dates(curator_client, anon_client):
    """A date of birth added and then widened to a range shows in the entity's history, with
    the date's columns before and after; another entity's date stays out."""
    person = EntityFactory(kind="person", name="A person")
    created = curator_client.post(
        f"{API}/entity-dates/",
        {"entity": person.pk, "kind": "birth", "date": "1960"},
        format="json",
    )
    assert created.status_code == 201, created.content
    row = created.json()["id"]
    changed = curator_client.patch(
        f"{API}/entity-dates/{row}/",
        {"date": "1960/1965", "approximate": True},
        format="json",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert changed.status_code == 200, changed.content
    EntityDateFactory()  # someone else's

    entries = [e for e in history(anon_client, person)["results"] if e["record_type"] != "entity"]

    assert [(e["record_type"], e["record_id"], e["action"], e["user"]) for e in entries] == [
        ("entitydate", row, "changed", "curator"),
        ("entitydate", row, "created", "curator"),
    ]
    assert sorted(entries[0]["changes"], key=lambda c: c["field"]) == [
        {"field": "approximate", "before": False, "after": True},
        {"field": "date_latest", "before": "1960-12-31", "after": "1965-12-31"},
        {"field": "date_precision", "before": "year", "after": "range"},
    ]


def test_history_holds_the_citations_of_the_entitys_parts(curator_client, anon_client):
    """A citation of an alias shows in the entity's history, also after the alias and the
    citation are deleted; a citation of another entity's alias stays out."""
    alias = AliasFactory(name="N.D.C.")
    entity = alias.entity
    source = SourceFactory(title="Press release")
    citation = Citation.objects.create(source=source, alias=alias, quote="also known as N.D.C.")
    cited_id = citation.pk
    Citation.objects.create(source=source, alias=AliasFactory(), quote="someone else")
    citation.delete()
    alias.delete()

    entries = history(anon_client, entity)["results"]

    cited = [e for e in entries if e["record_type"] == "citation"]
    assert [(e["record_id"], e["action"]) for e in cited] == [
        (cited_id, "deleted"),
        (cited_id, "created"),
    ]
    assert {c["field"]: c["after"] for c in cited[1]["changes"]}["quote"] == "also known as N.D.C."


def test_history_shows_a_designations_measures_before_and_after(curator_client, anon_client):
    """Measures set on creation, then changed: both show, by code, with what they were."""
    entity = EntityFactory(name="Measured")
    body = BodyFactory()
    created = curator_client.post(
        f"{API}/designations/",
        {"entity": entity.pk, "body": body.pk, "listed": "2024", "measures": ["asset_freeze"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    changed = curator_client.patch(
        f"{API}/designations/{created.json()['id']}/",
        {"measures": ["asset_freeze", "travel_ban"]},
        format="json",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert changed.status_code == 200, changed.content

    rows = [e for e in history(anon_client, entity)["results"] if e["record_type"] == "designation"]

    measures = [[c for c in e["changes"] if c["field"] == "measures"] for e in rows]
    assert measures[0] == [
        {"field": "measures", "before": "asset_freeze", "after": "asset_freeze, travel_ban"}
    ]
    assert {"field": "measures", "before": None, "after": "asset_freeze"} in [
        c for changes in measures[1:] for c in changes
    ]
