"""Streamed CSV exports: formula cells defused, a BOM and a header, rows written lazily, and
the entity export as clients download it."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from entities.choices import AliasKind, CountryRole
from entities.exports import ENTITY_EXPORT
from entities.models import Entity, EntityDate
from sanctions_tracker.csv_export import NO_JIT_SQL, Joined, neutralise, stream_csv
from sanctions_tracker.partial_dates import PartialDate, iso_expression
from tests.factories import (
    AddressFactory,
    AliasFactory,
    BodyFactory,
    DesignationFactory,
    EntityCountryFactory,
    EntityDateFactory,
    EntityFactory,
    IdentifierFactory,
    ProgrammeFactory,
)

ENTITY_HEADERS = [
    "id",
    "uid",
    "kind",
    "name",
    "unnamed",
    "aliases",
    "countries",
    "dates",
    "addresses",
    "identifiers",
    "active_designations",
    "past_designations",
    "notes",
    "updated_at",
]


# neutralise ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["=1+2", "+1", "-1", "@SUM(A1)", "\tindented", "\rreturn"],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return"],
)
def test_neutralise_prefixes_formula_cells_with_an_apostrophe(text):
    """A cell a spreadsheet would take for a formula is prefixed with an apostrophe."""
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["National Development Complex", "1+2", "a=b", "", "'quoted"], ids=repr
)
def test_neutralise_leaves_plain_text_unchanged(text):
    """Text that does not start like a formula is left as it is."""
    assert neutralise(text) == text


def test_neutralise_writes_values_as_text():
    """None is empty, booleans are true/false and lists are joined with "; "."""
    assert [neutralise(None), neutralise(True), neutralise(False)] == ["", "true", "false"]
    assert neutralise(["PK (located_in)", "", None, "CN (other)"]) == "PK (located_in); CN (other)"


# stream_csv ---------------------------------------------------------------------------------
def test_stream_csv_yields_a_bom_and_header_then_one_line_per_row():
    """The first chunk is the BOM and the header line; each row is one more line."""
    chunks = list(stream_csv(["id", "name"], [["1", "NDC"], ["2", "Quote, comma"]]))
    assert chunks == ["\ufeffid,name\r\n", "1,NDC\r\n", '2,"Quote, comma"\r\n']


class RowsBroke(Exception):
    pass


def test_stream_csv_is_lazy():
    """Rows are written as they come: the header and the first row are out before a later
    row fails."""

    def rows():
        yield ["1", "NDC"]
        raise RowsBroke

    chunks = stream_csv(["id", "name"], rows())
    assert next(chunks) == "\ufeffid,name\r\n"
    assert next(chunks) == "1,NDC\r\n"
    with pytest.raises(RowsBroke):
        next(chunks)


# The entity export --------------------------------------------------------------------------
FIXED_DAY = dt.date(2025, 1, 2)


@pytest.fixture
def fixed_day(monkeypatch):
    """Export file names use this day as today."""
    monkeypatch.setattr("sanctions_tracker.csv_export.timezone.localdate", lambda: FIXED_DAY)
    return FIXED_DAY


ENTITY_MULTI_VALUE_COLUMNS = [
    c for c in ENTITY_EXPORT.columns if isinstance(c.resolved_source(), Joined)
]


def _content(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _parse(response) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(_content(response))))
    assert rows[0] == ENTITY_HEADERS
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.django_db
def test_entity_export_is_a_streamed_csv_named_after_the_day(fixed_day):
    """The response streams text/csv, as an attachment named entities-YYYY-MM-DD.csv."""
    response = ENTITY_EXPORT.response(Entity.objects.none())
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="entities-2025-01-02.csv"'


@pytest.mark.django_db
def test_entity_export_starts_with_a_bom_and_the_documented_headers():
    """The file starts with a UTF-8 BOM (for Excel), then the documented header row."""
    raw = b"".join(ENTITY_EXPORT.response(Entity.objects.none()).streaming_content)
    assert raw.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == [ENTITY_HEADERS]


@pytest.mark.django_db
def test_entity_export_writes_one_row_per_entity_with_its_values():
    """Each entity is one row, its single values as written."""
    entity = EntityFactory(name="National Development Complex", notes="Islamabad")
    [row] = _parse(ENTITY_EXPORT.response(Entity.objects.all()))
    assert {k: row[k] for k in ("id", "uid", "kind", "name", "unnamed", "notes")} == {
        "id": str(entity.pk),
        "uid": str(entity.uid),
        "kind": "organization",
        "name": "National Development Complex",
        "unnamed": "false",
        "notes": "Islamabad",
    }


@pytest.mark.django_db
def test_entity_export_joins_multiple_values_with_semicolons():
    """Several aliases, countries or designations go in one cell, joined by "; "."""
    entity = EntityFactory(name="National Development Complex")
    AliasFactory(entity=entity, name="NDC", kind=AliasKind.AKA)
    AliasFactory(entity=entity, name="Complex", kind=AliasKind.FKA, is_weak=True)
    EntityCountryFactory(entity=entity, country="PK", role=CountryRole.LOCATED_IN)
    EntityCountryFactory(entity=entity, country="CN", role=CountryRole.OTHER)
    dos = BodyFactory(code="US-DOS")
    DesignationFactory(entity=entity, body=dos, programme=ProgrammeFactory(body=dos, code="NP"))
    DesignationFactory(entity=entity, body=dos, programme=None)
    DesignationFactory(
        entity=entity,
        body=dos,
        programme=ProgrammeFactory(body=dos, code="OLD"),
        delisted=PartialDate.parse("2025-01-01"),
    )

    [row] = _parse(ENTITY_EXPORT.response(Entity.objects.all()))

    assert row["aliases"] == "Complex [fka, weak]; NDC [aka]"
    assert row["countries"] == "CN (other); PK (located_in)"
    assert sorted(row["active_designations"].split("; ")) == ["US-DOS", "US-DOS NP"]
    assert row["past_designations"] == "US-DOS OLD"


@pytest.mark.django_db
def test_entity_export_neutralises_a_formula_in_a_name():
    """An entity name that starts like a formula is exported with a leading apostrophe."""
    EntityFactory(name='=HYPERLINK("http://evil.example","NDC")')
    [row] = _parse(ENTITY_EXPORT.response(Entity.objects.all()))
    assert row["name"] == '\'=HYPERLINK("http://evil.example","NDC")'


def _entities_with_related_records(count: int) -> None:
    body = BodyFactory(code="US-DOS")
    for _ in range(count):
        entity = EntityFactory()
        AliasFactory(entity=entity)
        EntityCountryFactory(entity=entity)
        EntityDateFactory(entity=entity, date="1960/1965")
        DesignationFactory(entity=entity, body=body)


def _export_query_count() -> int:
    with CaptureQueriesContext(connection) as queries:
        _content(ENTITY_EXPORT.response(Entity.objects.all()))
    return len(queries)


@pytest.mark.django_db
def test_entity_export_query_count_does_not_grow_with_the_rows(django_assert_num_queries):
    """Fifty entities (each with an alias, a country, a date and a designation) take as
    many queries as one: one, the related values joined by the database."""
    _entities_with_related_records(1)
    for_one = _export_query_count()
    assert for_one == 1

    _entities_with_related_records(49)
    with django_assert_num_queries(for_one):
        rows = _parse(ENTITY_EXPORT.response(Entity.objects.all()))
    assert len(rows) == 50


@pytest.mark.django_db
def test_entity_export_builds_no_model_objects():
    """Rows are read as tuples (``values_list``): no entity, alias or designation object is
    made, however many rows (model objects made the export mostly garbage-collector work,
    see docs/BENCHMARKS.md)."""
    _entities_with_related_records(3)
    made = []

    def count(sender, **kwargs):
        made.append(sender)

    post_init.connect(count)
    try:
        rows = _parse(ENTITY_EXPORT.response(Entity.objects.all()))
    finally:
        post_init.disconnect(count)
    assert len(rows) == 3
    assert made == []


@pytest.mark.django_db
def test_entity_export_writes_every_part_as_the_records_print_it():
    """Addresses (with the country's name), identifiers (with the issuing country), dates
    (unknown last, approximate marked) and both kinds of designations, as the Python of the
    records writes them."""
    entity = EntityFactory(name="Pioneer Trading")
    AddressFactory(entity=entity, street="1 Harbour Street", city="Karachi", country="PK")
    AddressFactory(entity=entity, street="", city="", country="", full="Somewhere, as written")
    IdentifierFactory(entity=entity, scheme="imo_number", value="9123456", country="")
    IdentifierFactory(entity=entity, scheme="passport", value="A1", country="IR")
    EntityDateFactory(entity=entity, kind="birth", date="1960/1965", approximate=True)
    EntityDateFactory(entity=entity, kind="birth", date="")
    EntityDateFactory(entity=entity, kind="birth", date="1958-02")
    body = BodyFactory(code="US-OFAC")
    DesignationFactory(entity=entity, body=body, programme=ProgrammeFactory(body=body, code="X"))
    DesignationFactory(
        entity=entity, body=body, programme=None, delisted=PartialDate.parse("2025-01-01")
    )

    [row] = _parse(ENTITY_EXPORT.response(Entity.objects.all()))

    entity.refresh_from_db()
    expected_addresses = "; ".join(str(a) for a in entity.addresses.all())
    assert row["addresses"] == expected_addresses
    assert row["addresses"] == "1 Harbour Street, Karachi, Pakistan; Somewhere, as written"
    assert row["identifiers"] == "imo_number: 9123456; passport: A1 (IR)"
    assert row["dates"] == "birth 1958-02; birth 1960/1965 (approx.); birth unknown"
    assert row["active_designations"] == "US-OFAC X"
    assert row["past_designations"] == "US-OFAC"
    # A filtered export reads the parts per row (correlated subqueries), the same cells.
    EntityFactory(name="Another")
    assert _parse(ENTITY_EXPORT.response(Entity.objects.filter(pk=entity.pk))) == [row]


def _export_statements(queryset) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        _parse(ENTITY_EXPORT.response(queryset))
    return [q["sql"] for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]


@pytest.mark.django_db
def test_entity_export_of_the_whole_list_aggregates_each_part_table_once():
    """The whole list: each part's table grouped in one pass (no CTE, no window function,
    no restriction to the exported keys), joined to the rows; JIT left as configured."""
    _entities_with_related_records(2)
    [sql] = _export_statements(Entity.objects.all())
    assert "WITH " not in sql and "ROW_NUMBER" not in sql.upper()
    assert sql.count("LEFT JOIN (SELECT g._k AS _k") == len(ENTITY_MULTI_VALUE_COLUMNS)
    if connection.vendor == "postgresql":
        assert "STRING_AGG(g._v, '; ' ORDER BY" in sql


@pytest.mark.django_db
def test_entity_export_filtered_reads_parts_per_row_without_jit():
    """A filtered export (``?q=`` finds a few rows) reads each row's parts by index, not the
    grouped tables, and on PostgreSQL first turns JIT off for its transaction: the cost
    estimate of its correlated subqueries made PostgreSQL spend 2 to 3 s compiling a query
    that runs in 30 ms (issue 11)."""
    _entities_with_related_records(2)
    statements = _export_statements(Entity.objects.filter(name=Entity.objects.first().name))
    sql = statements[-1]
    assert "LEFT JOIN" not in sql and "GROUP BY g._k" not in sql
    if connection.vendor == "postgresql":
        assert statements == [NO_JIT_SQL, sql]
    else:
        assert statements == [sql]


_PARTIAL_DATES = [
    "",
    "1998",
    "2024-12",
    "2024-12-19",
    "1960/1965",
    "1960-03/1965",
    "1960/1965-11",
    "1960-03-02/1965-11-29",
    "2023-02-10/2024-02",  # ends on a leap day, 29 February
    "2023-02-10/2100-02",  # 2100 is no leap year: 28 February
    "1999-02-10/2000-02-28",  # 2000 is one: the 28th is not the end of its month
    "1999-02-10/2000-02",
    "1999-12-31/2000-01-01",
    "2020-04/2020-06-30",
]


@pytest.mark.django_db
@pytest.mark.parametrize("value", _PARTIAL_DATES)
def test_partial_date_iso_in_sql_agrees_with_python(value):
    """The database's ISO partial form (what exports select) is PartialDate.iso."""
    date = PartialDate.parse(value)
    EntityDateFactory(date=date)
    got = EntityDate.objects.values_list(iso_expression("date"), flat=True).get()
    assert got == date.iso


@pytest.mark.django_db
@pytest.mark.parametrize("filtered", [False, True], ids=["whole-list", "filtered"])
def test_entity_export_by_copy_is_byte_identical_to_csv_writer(filtered):
    """On PostgreSQL the server writes the CSV (COPY): the same bytes as csv.writer writes of
    the same rows, for empty and missing cells, quotes, commas, line breaks (inside a cell:
    kept as they are, quoted; between rows: CRLF), formulas and non-ASCII text."""
    from sanctions_tracker.csv_export import stream_csv_chunks

    awkward = EntityFactory(name='Say "hi", then\nleave\r\nnow', notes="")
    AliasFactory(entity=awkward, name="=SUM(A1)")
    AddressFactory(entity=awkward, street="", city="", country="", full="Line 1\nLine 2")
    EntityFactory(name="Ünïcødé — 東京", notes="-1, +2\t@3")
    EntityFactory(name="plain", notes="a\rb")
    queryset = Entity.objects.order_by("name", "id")
    if filtered:
        queryset = queryset.filter(pk__in=list(Entity.objects.values_list("pk", flat=True)))
    query = ENTITY_EXPORT.query(queryset)
    assert (query.copy_sql is not None) == (connection.vendor == "postgresql")
    by_writer = "".join(stream_csv_chunks(ENTITY_EXPORT.headers, query.rows(connection)))
    assert "".join(ENTITY_EXPORT.stream(queryset)) == by_writer
    assert '"Say ""hi"", then\nleave\r\nnow"' in by_writer and by_writer.count("\r\n") == 5
