"""CSV exports of the lists: asked for by ``?format=csv`` or ``Accept: text/csv``, streamed,
with the documented columns, every matching row (not one page) under the same filters as
the list, multiple values joined by "; ", formula cells defused and partial dates in three
columns."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entities.choices import AliasKind, CountryRole, EntityDateKind, EntityKind
from entities.models import Designation, Entity, EntityCountry
from events.choices import EventKind, ParticipantRole
from sanctions_tracker import csv_export
from sanctions_tracker.api.urls import router
from sanctions_tracker.partial_dates import PartialDate
from sanctions_tracker.text import fold
from tests.factories import (
    AddressFactory,
    AliasFactory,
    BodyFactory,
    CitationFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityDateFactory,
    EntityFactory,
    EventFactory,
    EventParticipantFactory,
    IdentifierFactory,
    ImportRunFactory,
    ProgrammeFactory,
    RelationshipFactory,
    SourceFactory,
    TargetedActivityFactory,
)

pytestmark = pytest.mark.django_db

T = TypeVar("T")

API = "/api/v1"
VIEWSETS = {prefix: viewset for prefix, viewset, _ in router.registry}
CSV_RESOURCES = sorted(p for p, viewset in VIEWSETS.items() if getattr(viewset, "csv_export", None))


def streamed(step: Callable[[], T]) -> T:
    """``step()``, reading a CSV stream; if the stream breaks, the test fails once the broken
    stream's database cursor is closed (PostgreSQL's server-side cursor cannot be closed
    after the test's transaction is rolled back, which would warn in a later test)."""
    try:
        return step()
    except Exception as exc:
        message = f"The CSV stream broke: {type(exc).__name__}: {exc}"
    gc.collect()
    pytest.fail(message)


def read_csv(response) -> list[list[str]]:
    """Every row of a streamed CSV response, the header first."""
    assert isinstance(response, StreamingHttpResponse)
    body = streamed(lambda: b"".join(response.streaming_content)).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body, newline="")))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *data = rows
    return [dict(zip(header, row, strict=True)) for row in data]


def get_csv(client, prefix: str, params: dict | None = None):
    response = client.get(f"{API}/{prefix}/", {**(params or {}), "format": "csv"})
    assert response.status_code == 200, getattr(response, "content", b"")
    return response


def bulk_designations(count: int, *, country: str = "PK", body=None) -> list[Designation]:
    """``count`` entities in ``country``, each with an active designation by ``body``, written
    in bulk (no history rows: these tests only read)."""
    body = body or BodyFactory()
    names = [f"Bulk {country} {i:05d}" for i in range(count)]
    entities = Entity.objects.bulk_create(
        Entity(kind=EntityKind.ORGANIZATION, name=name, name_folded=fold(name)) for name in names
    )
    EntityCountry.objects.bulk_create(
        EntityCountry(entity=e, country=country, role=CountryRole.LOCATED_IN) for e in entities
    )
    return Designation.objects.bulk_create(
        Designation(entity=e, body=body, listed=PartialDate.parse("2024-12-18")) for e in entities
    )


# Asking for CSV ------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["format", "accept"])
@pytest.mark.parametrize("prefix", CSV_RESOURCES)
def test_csv_is_an_attachment_named_after_the_resource_and_today(anon_client, prefix, how):
    """``?format=csv`` and ``Accept: text/csv`` both stream ``text/csv`` as an attachment named
    ``<resource>-YYYY-MM-DD.csv`` (today), whose first row is the documented header."""
    before = timezone.localdate()
    if how == "format":
        response = anon_client.get(f"{API}/{prefix}/", {"format": "csv"})
    else:
        response = anon_client.get(f"{API}/{prefix}/", HTTP_ACCEPT="text/csv")
    after = timezone.localdate()
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] in {
        f'attachment; filename="{prefix}-{today.isoformat()}.csv"' for today in (before, after)
    }
    rows = read_csv(response)
    assert rows[0] == VIEWSETS[prefix].csv_export.headers
    # An empty table gives the header alone; the measures are a fixed vocabulary of nine.
    assert len(rows) == (10 if prefix == "measures" else 1)


def test_csv_filename_carries_the_day_of_the_export(anon_client, monkeypatch):
    """The date in the file name is the day of the export (here a fixed day)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2025, 3, 1))
    response = get_csv(anon_client, "designations")
    assert response["Content-Disposition"] == 'attachment; filename="designations-2025-03-01.csv"'


def test_csv_starts_with_a_byte_order_mark(anon_client):
    """The file starts with a UTF-8 BOM, so that Excel reads it as UTF-8."""
    response = get_csv(anon_client, "sources")
    assert b"".join(response.streaming_content).startswith("\ufeffid,".encode())


def test_json_is_still_the_default(anon_client):
    """Without ``format`` or ``Accept``, the list is JSON, paged."""
    response = anon_client.get(f"{API}/designations/")
    assert response["Content-Type"] == "application/json"
    assert not response.has_header("Content-Disposition")
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


# What each export holds ----------------------------------------------------------------------
ONE_RECORD = {
    "bodies": BodyFactory,
    "programmes": ProgrammeFactory,
    "targeted-activities": TargetedActivityFactory,
    "entities": EntityFactory,
    "relationships": RelationshipFactory,
    "designations": DesignationFactory,
    "events": EventFactory,
    "sources": SourceFactory,
    "citations": CitationFactory,
    "aliases": AliasFactory,
    "entity-countries": EntityCountryFactory,
    "entity-dates": EntityDateFactory,
    "addresses": AddressFactory,
    "identifiers": IdentifierFactory,
    "event-participants": EventParticipantFactory,
    "measures": lambda: None,  # the nine measures come with the database
    "imports": ImportRunFactory,
}


def test_every_export_is_covered_below():
    """The test below creates a record for every resource that has a CSV export."""
    assert sorted(ONE_RECORD) == CSV_RESOURCES


@pytest.mark.parametrize(
    "prefix",
    CSV_RESOURCES,
)
def test_every_export_streams_its_records(anon_client, prefix):
    """Each export holds one row per record, with the header's columns."""
    ONE_RECORD[prefix]()
    model = VIEWSETS[prefix].queryset.model
    rows = read_csv(get_csv(anon_client, prefix))
    assert rows[0] == VIEWSETS[prefix].csv_export.headers
    key = "code" if prefix == "measures" else "pk"
    assert sorted(str(row[0]) for row in rows[1:]) == sorted(
        str(k) for k in model.objects.values_list(key, flat=True)
    )
    assert len(rows) > 1


def test_csv_holds_every_matching_row_not_one_page(anon_client):
    """120 designations in Pakistan, 3 elsewhere: the JSON list pages 50 of them, the CSV of
    ``?country=PK`` holds all 120, and only those."""
    pakistan = bulk_designations(120, country="PK")
    bulk_designations(3, country="CN")
    listed = anon_client.get(f"{API}/designations/", {"country": "PK"}).json()
    assert (listed["count"], len(listed["results"])) == (120, 50)
    rows = as_dicts(read_csv(get_csv(anon_client, "designations", {"country": "PK"})))
    assert sorted(int(row["id"]) for row in rows) == sorted(d.pk for d in pakistan)


def test_csv_follows_the_ordering_of_the_list(anon_client):
    """``ordering`` applies to the CSV as to the list: ``-listed`` puts the latest first."""
    made = [DesignationFactory(listed=PartialDate.parse(d)) for d in ("2024", "2025-01", "2023")]
    rows = as_dicts(read_csv(get_csv(anon_client, "designations", {"ordering": "-listed"})))
    assert [int(row["id"]) for row in rows] == [made[1].pk, made[0].pk, made[2].pk]


def test_csv_needs_the_same_permission_as_the_list(anon_client, reader_client, private_read):
    """With public reading off, an anonymous export is a JSON 401 (no file); a reader gets
    the file."""
    DesignationFactory()
    refused = anon_client.get(f"{API}/designations/", {"format": "csv"})
    assert refused.status_code == 401
    assert refused["Content-Type"].startswith("application/json")
    assert not refused.has_header("Content-Disposition")
    assert len(read_csv(get_csv(reader_client, "designations"))) == 2


def test_entities_csv_holds_every_matching_row_not_one_page(anon_client):
    """120 entities in Pakistan, 3 elsewhere: the CSV of ``?country=PK`` holds all 120."""
    pakistan = [d.entity_id for d in bulk_designations(120, country="PK")]
    bulk_designations(3, country="CN")
    rows = as_dicts(read_csv(get_csv(anon_client, "entities", {"country": "PK"})))
    assert sorted(int(row["id"]) for row in rows) == sorted(pakistan)


def test_entities_csv_joins_multiple_values(anon_client):
    """Aliases, countries, dates and designations of an entity are joined by "; "."""
    ndc = EntityFactory(name="National Development Complex")
    AliasFactory(entity=ndc, name="NDC", is_weak=True)
    AliasFactory(entity=ndc, name="N.D.C.", kind=AliasKind.FKA)
    EntityCountryFactory(entity=ndc, country="PK")
    EntityCountryFactory(entity=ndc, country="CN", role=CountryRole.INCORPORATED_IN)
    EntityDateFactory(entity=ndc, kind=EntityDateKind.ESTABLISHED, date="1990-03")
    EntityDateFactory(entity=ndc, date="1960/1965", approximate=True)
    EntityDateFactory(entity=ndc, date=PartialDate.unknown("not given"))
    DesignationFactory(entity=ndc, body=BodyFactory(code="US-DOS"), programme=None)
    [row] = as_dicts(read_csv(get_csv(anon_client, "entities")))
    assert row["aliases"] == "N.D.C. [fka]; NDC [aka, weak]"
    assert row["countries"] == "CN (incorporated_in); PK (located_in)"
    assert row["dates"] == "birth 1960/1965 (approx.); birth unknown; established 1990-03"
    assert row["active_designations"] == "US-DOS"


def test_designations_csv_joins_multiple_values(anon_client):
    """Measures and the entity's countries are joined by "; "."""
    designation = DesignationFactory(measures=["transaction_ban", "asset_freeze"])
    EntityCountryFactory(entity=designation.entity, country="PK")
    EntityCountryFactory(entity=designation.entity, country="CN", role=CountryRole.INCORPORATED_IN)
    [row] = as_dicts(read_csv(get_csv(anon_client, "designations")))
    assert row["measures"] == "asset_freeze; transaction_ban"
    assert row["entity_countries"] == "CN (incorporated_in); PK (located_in)"


def test_events_csv_joins_multiple_values(anon_client):
    """Participants ("name (role)") and designation ids are joined by "; "."""
    event = EventFactory(kind=EventKind.DESIGNATION, title="Sanctions on the NDC")
    EventParticipantFactory(
        event=event, entity=EntityFactory(name="US Department of State"), role="actor"
    )
    EventParticipantFactory(
        event=event,
        entity=EntityFactory(name="National Development Complex"),
        role=ParticipantRole.TARGET,
    )
    first, second = DesignationFactory(), DesignationFactory()
    event.designations.add(first, second)
    [row] = as_dicts(read_csv(get_csv(anon_client, "events")))
    assert (
        row["participants"]
        == "US Department of State (actor); National Development Complex (target)"
    )
    assert row["designation_ids"] == f"{first.pk}; {second.pk}"


@pytest.mark.parametrize(
    "prefix", ["=", "+", "-", "@", "\t", "\r"], ids=["equals", "plus", "minus", "at", "tab", "cr"]
)
def test_formula_cells_are_prefixed_with_an_apostrophe(anon_client, prefix):
    """A name a spreadsheet would take for a formula is written with a leading apostrophe;
    a plain name is left alone."""
    dangerous = f'{prefix}HYPERLINK("http://evil.example","x")'
    DesignationFactory(entity=EntityFactory(name=dangerous))
    DesignationFactory(entity=EntityFactory(name="Plain Name"))
    rows = as_dicts(read_csv(get_csv(anon_client, "designations")))
    assert sorted(row["entity"] for row in rows) == sorted([f"'{dangerous}", "Plain Name"])


def test_formula_prefix_also_applies_to_other_columns(anon_client):
    """Any column is defused, not just names: an event title starting with "=" too."""
    EventFactory(title="=1+1")
    [row] = as_dicts(read_csv(get_csv(anon_client, "events")))
    assert row["title"] == "'=1+1"


def test_partial_dates_fill_three_columns(anon_client):
    """A partial date is three columns: ISO partial form, precision, the source's words;
    a designation not delisted has all three delisting columns empty."""
    made = {
        "year": DesignationFactory(listed=PartialDate.parse("2024")),
        "month": DesignationFactory(listed=PartialDate.parse("2024-12")),
        "day": DesignationFactory(
            listed=PartialDate.parse("2024-12-18"), delisted=PartialDate.parse("2025-03-01")
        ),
        "unknown": DesignationFactory(listed=PartialDate.unknown("Thursday")),
    }
    rows = {int(r["id"]): r for r in as_dicts(read_csv(get_csv(anon_client, "designations")))}
    columns = [
        "listed",
        "listed_precision",
        "listed_text",
        "delisted",
        "delisted_precision",
        "delisted_text",
    ]
    got = {name: [rows[d.pk][c] for c in columns] for name, d in made.items()}
    assert got == {
        "year": ["2024", "year", "", "", "", ""],
        "month": ["2024-12", "month", "", "", "", ""],
        "day": ["2024-12-18", "day", "", "2025-03-01", "day", ""],
        "unknown": ["", "unknown", "Thursday", "", "", ""],
    }


def test_designations_csv_by_body_holds_the_done_when_designation(anon_client):
    """``?body=US-DOS&format=csv`` (the Done-when example) holds the NDC's designation by
    the US Department of State, and not designations by other bodies."""
    dos = BodyFactory(code="US-DOS", name="US Department of State")
    ndc = EntityFactory(kind=EntityKind.PUBLIC_BODY, name="National Development Complex")
    EntityCountryFactory(entity=ndc, country="PK")
    designation = DesignationFactory(
        entity=ndc,
        body=dos,
        programme=None,
        listed=PartialDate.unknown(),
        measures=["asset_freeze", "transaction_ban"],
        reason="Procuring materials for the long-range ballistic missile programme",
    )
    DesignationFactory(body=BodyFactory(code="US-OFAC"))
    rows = as_dicts(read_csv(get_csv(anon_client, "designations", {"body": "US-DOS"})))
    assert rows == [
        {
            "id": str(designation.pk),
            "uid": str(designation.uid),
            "entity_id": str(ndc.pk),
            "entity": "National Development Complex",
            "entity_kind": "public_body",
            "entity_countries": "PK (located_in)",
            "body": "US-DOS",
            "programme": "",
            "status": "active",
            "listed": "",
            "listed_precision": "unknown",
            "listed_text": "",
            "delisted": "",
            "delisted_precision": "",
            "delisted_text": "",
            "measures": "asset_freeze; transaction_ban",
            "measures_text": "",
            "reason": "Procuring materials for the long-range ballistic missile programme",
            "reference": "",
            "updated_at": designation.updated_at.isoformat(),
        }
    ]


# Streaming ---------------------------------------------------------------------------------
STREAMED = ["designations", "entities"]


def bulk_rows(prefix: str, count: int) -> set[int]:
    """``count`` rows of the resource (entities, or their designations); their ids."""
    designations = bulk_designations(count)
    if prefix == "entities":
        return {d.entity_id for d in designations}
    return {d.pk for d in designations}


@pytest.mark.parametrize("prefix", STREAMED)
def test_large_export_is_streamed_in_many_chunks(anon_client, prefix):
    """3000 records come as a stream of many chunks (far more than one per 2000-row read),
    holding every row."""
    made = bulk_rows(prefix, 3000)
    response = get_csv(anon_client, prefix)
    assert isinstance(response, StreamingHttpResponse)
    chunks = streamed(lambda: list(response.streaming_content))
    assert len(chunks) > len(made) / csv_export.CHUNK_SIZE
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + len(made)
    assert {int(row[0]) for row in rows[1:]} == made


@pytest.mark.parametrize("prefix", STREAMED)
def test_export_reads_the_database_as_it_streams(anon_client, monkeypatch, prefix):
    """With reads of 10 rows, the header comes before any query, the first 10 rows after
    one query, and each later read of 10 rows is one more piece of the stream: the whole
    file is one SELECT (related values joined by the database), never read whole before
    the first bytes go out."""
    monkeypatch.setattr(csv_export, "CHUNK_SIZE", 10)
    bulk_rows(prefix, 50)
    with CaptureQueriesContext(connection) as queries:
        response = get_csv(anon_client, prefix)
        stream = iter(response.streaming_content)
        at_response = len(queries)
        header = streamed(lambda: next(stream))
        at_header = len(queries)
        first = streamed(lambda: next(stream))
        at_first_rows = len(queries)
        rest = streamed(lambda: list(stream))
        at_end = len(queries)
    assert header.startswith("\ufeffid,".encode())
    assert header.count(b"\n") == 1
    assert first.count(b"\n") == 10
    assert [piece.count(b"\n") for piece in rest] == [10, 10, 10, 10]
    assert at_header == at_response
    assert at_first_rows - at_header == 1
    assert at_end == at_first_rows
