"""Every resource under /api/v1/: list, retrieve, create, update, delete (or its refusal),
the CSV form of lists, bad writes, the entity detail and delisting."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from entities.models import Designation, Entity
from sanctions_tracker.partial_dates import PartialDate
from sources.models import Citation
from tests import factories as f
from tests.api.base import (
    RESOURCES,
    check_create,
    check_delete,
    check_list,
    check_retrieve,
    check_update,
    resource,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=RESOURCES, ids=str)
def spec(request):
    return request.param


# ---------------------------------------------------------------------------------------------
# The declared operations, for every resource
# ---------------------------------------------------------------------------------------------


def test_list(spec, anon_client):
    """The list is 200 with the count and every record in the results."""
    check_list(spec, anon_client)


def test_retrieve(spec, anon_client):
    """The detail is 200 with the record and its ETag."""
    check_retrieve(spec, anon_client)


def test_create(spec, curator_client, curator):
    """A curator creates a record (201) with every value sent, and history names them;
    measures are read-only (405, nothing written)."""
    check_create(spec, curator_client, curator)


def test_put(spec, curator_client, curator):
    """A curator replaces a record (200): the values change and the version rises by one."""
    check_update(spec, curator_client, curator, "put")


def test_patch(spec, curator_client, curator):
    """A curator changes part of a record (200): the values change, the version rises by one."""
    check_update(spec, curator_client, curator, "patch")


def test_delete(spec, admin_api_client, admin_user_api):
    """An administrator deletes a record (204, gone, a '-' history row); a designation is
    refused with 405 pointing to /delist/, and a measure with 405; both stay."""
    check_delete(spec, admin_api_client, admin_user_api)


@pytest.mark.parametrize("csv_spec", [pytest.param(r, id=str(r)) for r in RESOURCES])
def test_list_as_csv(csv_spec, anon_client):
    """``?format=csv`` streams every record of the list: a header row, then one row each."""
    for _ in range(3):
        csv_spec.make()

    response = anon_client.get(csv_spec.list_url(), {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    # Records are keyed by id; measures, a fixed vocabulary, by code.
    assert rows[0][0] == ("code" if csv_spec.prefix == "measures" else "id")
    assert len(rows) == 1 + csv_spec.model.objects.count()


# ---------------------------------------------------------------------------------------------
# Bad writes: a 400 with the reason per field, never a 500, and nothing written
# ---------------------------------------------------------------------------------------------


def _without(payload: dict, name: str) -> dict:
    return {k: v for k, v in payload.items() if k != name}


def _programme_of_another_body() -> dict:
    payload = resource("designations").create()
    return {**payload, "programme": f.ProgrammeFactory(body=f.BodyFactory()).pk}


def _second_active_designation() -> dict:
    existing = f.DesignationFactory()
    return {
        "entity": existing.entity_id,
        "body": existing.body_id,
        "programme": existing.programme_id,
        "listed": "2025-01",
    }


def _duplicate_alias() -> dict:
    alias = f.AliasFactory(name="NDC", kind="aka")
    return {"entity": alias.entity_id, "name": "NDC", "kind": "aka"}


def _citation_of(*targets) -> dict:
    payload = {"source": f.SourceFactory().pk, "quote": "the words"}
    for target in targets:
        payload[target] = {"entity": f.EntityFactory, "designation": f.DesignationFactory}[
            target
        ]().pk
    return payload


def _relationship_to_itself() -> dict:
    payload = resource("relationships").create()
    return {**payload, "object": payload["subject"]}


def _country(code: str) -> dict:
    return {"entity": f.EntityFactory().pk, "country": code, "role": "located_in"}


BAD_WRITES = [
    pytest.param(
        "designations",
        lambda: {**resource("designations").create(), "listed": "2024-13"},
        "listed",
        "2024-13",
        id="designation-listed-2024-13",
    ),
    pytest.param(
        "events",
        lambda: _without(resource("events").create(), "date"),
        "date",
        "required",
        id="event-without-date",
    ),
    pytest.param(
        "designations",
        _programme_of_another_body,
        "programme",
        "not to the designating body",
        id="designation-programme-of-another-body",
    ),
    pytest.param(
        "designations",
        _second_active_designation,
        "non_field_errors",
        "already has an active designation under this programme",
        id="second-active-designation",
    ),
    pytest.param(
        "citations",
        _citation_of,
        "non_field_errors",
        "exactly one record",
        id="citation-without-target",
    ),
    pytest.param(
        "citations",
        lambda: _citation_of("entity", "designation"),
        "non_field_errors",
        "exactly one record",
        id="citation-with-two-targets",
    ),
    pytest.param(
        "aliases", _duplicate_alias, "non_field_errors", "already has this alias", id="alias-dup"
    ),
    pytest.param(
        "entity-countries",
        lambda: _country("XX"),
        "country",
        "not a valid choice",
        id="country-XX",
    ),
    pytest.param(
        "entity-countries",
        lambda: _country("pk1"),
        "country",
        "not a valid choice",
        id="country-pk1",
    ),
    pytest.param(
        "events",
        lambda: {**resource("events").create(), "date": {"value": "2024", "text": "x" * 201}},
        "date",
        "at most 200 characters",
        id="event-date-words-too-long",
    ),
    pytest.param(
        "entity-dates",
        lambda: {"entity": f.EntityFactory().pk, "kind": "birth", "date": "1965/1960"},
        "date",
        "the end, 1960, is before the start, 1965",
        id="entity-date-range-backwards",
    ),
    pytest.param(
        "entity-dates",
        lambda: {"entity": f.EntityFactory().pk, "kind": "birth", "date": "1960/1965/1970"},
        "date",
        "1960/1965/1970 is not a date",
        id="entity-date-three-ends",
    ),
    pytest.param(
        "entity-dates",
        lambda: {"entity": f.EntityFactory().pk, "kind": "death", "date": "1960"},
        "kind",
        "not a valid choice",
        id="entity-date-unknown-kind",
    ),
    pytest.param(
        "relationships",
        _relationship_to_itself,
        "object",
        "cannot be related to itself",
        id="relationship-to-itself",
    ),
]


@pytest.mark.parametrize(("prefix", "build", "field", "says"), BAD_WRITES)
def test_bad_write_is_a_400_per_field(curator_client, prefix, build, field, says):
    """A write that breaks a rule is a 400 naming the field (or ``non_field_errors``) and
    why, and writes nothing."""
    spec = resource(prefix)
    payload = build()
    before = spec.snapshot()

    response = curator_client.post(spec.list_url(), payload, format="json")

    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert any(says in message for message in errors[field]), errors
    assert spec.snapshot() == before


def test_bad_update_is_a_400_and_changes_nothing(curator_client):
    """A PATCH with a malformed partial date is a 400 under the date's name; the row keeps
    its values and version."""
    designation = f.DesignationFactory()
    spec = resource("designations")
    before = spec.snapshot()

    response = curator_client.patch(
        spec.detail_url(designation), {"listed": "18/12/2024"}, format="json", HTTP_IF_MATCH="*"
    )

    assert response.status_code == 400
    assert "YYYY" in response.json()["listed"][0]
    assert spec.snapshot() == before


# (the record, made with what depends on it; the dependants' resource)
PROTECTED = [
    pytest.param("entities", lambda: f.DesignationFactory().entity, "designations", id="entity"),
    pytest.param("bodies", lambda: f.ProgrammeFactory().body, "programmes", id="body"),
    pytest.param("sources", lambda: f.CitationFactory().source, "citations", id="source"),
]


@pytest.mark.parametrize(("prefix", "make", "dependants"), PROTECTED)
def test_delete_of_a_record_others_depend_on_changes_nothing(
    admin_api_client, prefix, make, dependants
):
    """Deleting a record that others depend on (an entity with a designation, a body with a
    programme, a source with a citation) is refused as a client error naming the kind of
    record in the way, and changes nothing."""
    record = make()
    spec, blocking = resource(prefix), resource(dependants)
    before = spec.snapshot(), blocking.snapshot()

    response = admin_api_client.delete(spec.detail_url(record))

    assert response.status_code in (400, 409)
    assert blocking.model._meta.model_name in str(response.json()).lower()
    assert (spec.snapshot(), blocking.snapshot()) == before


@pytest.mark.parametrize(("prefix", "make", "dependants"), PROTECTED)
def test_delete_of_a_record_others_depend_on_is_409(admin_api_client, prefix, make, dependants):
    """The refusal is a 409 Conflict that names the records in the way."""
    record = make()
    blocker = resource(dependants).model.objects.get()

    response = admin_api_client.delete(resource(prefix).detail_url(record))

    assert response.status_code == 409
    assert f"{blocker._meta.verbose_name} {blocker.pk}" in response.json()["detail"]
    assert "delisting, never by deletion" in response.json()["detail"]


def test_designation_delete_names_the_delist_address(admin_api_client):
    """DELETE of a designation is a 405 whose message gives the exact delisting address."""
    designation = f.DesignationFactory()

    response = admin_api_client.delete(f"/api/v1/designations/{designation.pk}/")

    assert response.status_code == 405
    assert f"POST /api/v1/designations/{designation.pk}/delist/" in response.json()["detail"]
    assert Designation.objects.get(pk=designation.pk).is_active


# ---------------------------------------------------------------------------------------------
# The entity detail
# ---------------------------------------------------------------------------------------------


def test_entity_detail_holds_everything_about_it(anon_client):
    """The entity detail has its aliases, identifiers, addresses, countries, dates,
    designations split into active and past, relationships outgoing and incoming, and
    citations."""
    entity = f.EntityFactory(name="National Development Complex")
    alias = f.AliasFactory(entity=entity, name="NDC")
    identifier = f.IdentifierFactory(entity=entity)
    address = f.AddressFactory(entity=entity)
    country = f.EntityCountryFactory(entity=entity, country="PK")
    born = f.EntityDateFactory(entity=entity, date="1960/1965", approximate=True)
    active = f.DesignationFactory(entity=entity, measures=["asset_freeze"])
    past = f.DesignationFactory(
        entity=entity, listed=PartialDate.parse("2010"), delisted=PartialDate.parse("2012-03")
    )
    outgoing = f.RelationshipFactory(subject=entity)
    incoming = f.RelationshipFactory(object=entity, kind="collaborated_with")
    citation = f.CitationFactory(entity=entity, quote="designated the NDC")
    f.AliasFactory()  # someone else's

    response = anon_client.get(f"/api/v1/entities/{entity.pk}/")

    assert response.status_code == 200
    data = response.json()

    def ids(rows):
        return [row["id"] for row in rows]

    assert ids(data["aliases"]) == [alias.pk]
    assert ids(data["identifiers"]) == [identifier.pk]
    assert ids(data["addresses"]) == [address.pk]
    assert data["countries"] == [
        {"id": country.pk, "country": "PK", "role": {"value": "located_in", "label": "located in"}}
    ]
    assert data["dates"] == [
        {
            "id": born.pk,
            "kind": {"value": "birth", "label": "date of birth"},
            "date": {
                "value": "1960/1965",
                "precision": "range",
                "text": "",
                "earliest": "1960-01-01",
                "latest": "1965-12-31",
            },
            "approximate": True,
        }
    ]
    assert ids(data["designations"]["active"]) == [active.pk]
    assert ids(data["designations"]["past"]) == [past.pk]
    assert data["designations"]["active"][0]["measures"] == [
        {"value": "asset_freeze", "label": "asset freeze"}
    ]
    assert data["designations"]["past"][0]["delisted"]["value"] == "2012-03"
    assert data["active_designations"] == 1
    assert ids(data["relationships"]["outgoing"]) == [outgoing.pk]
    assert ids(data["relationships"]["incoming"]) == [incoming.pk]
    assert data["relationships"]["incoming"][0]["subject"]["id"] == incoming.subject_id
    assert data["citations"] == [
        {
            "id": citation.pk,
            "source": {
                "id": citation.source_id,
                "url": f"http://testserver/api/v1/sources/{citation.source_id}/",
                "display": citation.source.title,
            },
            "quote": "designated the NDC",
            "locator": "",
            "field": "",
        }
    ]


def test_entity_list_shows_the_dates_of_each_entity(anon_client):
    """Like its countries, an entity's dates are in the list too, and only its own."""
    person = f.EntityFactory(kind="person", name="A person")
    f.EntityDateFactory(entity=person, date="1960/1965")
    f.EntityDateFactory(entity=person, date="1962-05-04", approximate=True)
    f.EntityFactory(name="Another")

    rows = anon_client.get("/api/v1/entities/").json()["results"]

    dates = {row["name"]: [d["date"]["value"] for d in row["dates"]] for row in rows}
    assert dates == {"A person": ["1960/1965", "1962-05-04"], "Another": []}


def test_posting_an_entity_date_range(curator_client):
    """``"date": "1960/1965"`` stores a range from 1960-01-01 to 1965-12-31 and reads back
    with precision ``range`` and value ``1960/1965``; ``approximate`` is kept."""
    entity = f.EntityFactory(kind="person")

    response = curator_client.post(
        "/api/v1/entity-dates/",
        {
            "entity": entity.pk,
            "kind": "birth",
            "date": {"value": "1960/1965", "text": "BETWEEN 1960 AND 1965"},
            "approximate": True,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["date"] == {
        "value": "1960/1965",
        "precision": "range",
        "text": "BETWEEN 1960 AND 1965",
        "earliest": "1960-01-01",
        "latest": "1965-12-31",
    }
    assert (data["kind"]["value"], data["approximate"]) == ("birth", True)
    [stored] = entity.dates.all()
    assert (stored.date_precision, stored.date_earliest, stored.date_latest) == (
        "range",
        dt.date(1960, 1, 1),
        dt.date(1965, 12, 31),
    )
    assert stored.approximate is True


def test_a_range_of_one_year_is_stored_as_that_year(curator_client):
    """``1960/1960`` is the year 1960, not a range."""
    response = curator_client.post(
        "/api/v1/entity-dates/",
        {"entity": f.EntityFactory().pk, "kind": "established", "date": "1960/1960"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["date"]["precision"] == "year"
    assert response.json()["date"]["value"] == "1960"
    assert response.json()["approximate"] is False


def test_representations_brief_choices_and_partial_dates(anon_client):
    """Related records read in brief, choices as value and label, partial dates with their
    precision, text and day range; an absent date is null."""
    designation = f.DesignationFactory(listed=PartialDate.parse("2024-12", "in December"))

    data = anon_client.get(f"/api/v1/designations/{designation.pk}/").json()

    assert data["entity"] == {
        "id": designation.entity_id,
        "url": f"http://testserver/api/v1/entities/{designation.entity_id}/",
        "display": designation.entity.name,
    }
    assert data["listed"] == {
        "value": "2024-12",
        "precision": "month",
        "text": "in December",
        "earliest": "2024-12-01",
        "latest": "2024-12-31",
    }
    assert data["delisted"] is None
    assert data["status"] == "active"
    kind = anon_client.get(f"/api/v1/entities/{designation.entity_id}/").json()["kind"]
    assert kind == {"value": "organization", "label": "organization"}


def test_measures_read_as_value_and_label_and_are_written_as_codes(anon_client, curator_client):
    """A designation's measures read like every choice, ``{"value", "label"}`` (as the README
    says); they are written as their codes, or as such objects sent back."""
    designation = f.DesignationFactory(measures=["transaction_ban", "asset_freeze"])
    url = f"/api/v1/designations/{designation.pk}/"

    assert anon_client.get(url).json()["measures"] == [
        {"value": "asset_freeze", "label": "asset freeze"},
        {"value": "transaction_ban", "label": "prohibition of transactions"},
    ]

    by_code = curator_client.patch(
        url, {"measures": ["travel_ban"]}, format="json", HTTP_IF_MATCH='"v1"'
    )
    assert by_code.status_code == 200, by_code.content
    assert by_code.json()["measures"] == [{"value": "travel_ban", "label": "travel ban"}]
    sent_back = curator_client.patch(
        url,
        {"measures": [*by_code.json()["measures"], "arms_embargo"]},
        format="json",
        HTTP_IF_MATCH=by_code["ETag"],
    )
    assert sent_back.status_code == 200, sent_back.content
    assert [m["value"] for m in sent_back.json()["measures"]] == ["arms_embargo", "travel_ban"]
    unknown = curator_client.patch(
        url, {"measures": ["curfew"]}, format="json", HTTP_IF_MATCH=sent_back["ETag"]
    )
    assert unknown.status_code == 400
    assert "measures" in unknown.json()


def test_the_browsable_designation_form_offers_the_measures(admin_client_logged_in):
    """The browsable API's designation form lists the measures by code (the object form
    they read as is not a key)."""
    f.DesignationFactory(measures=["asset_freeze"])

    response = admin_client_logged_in.get("/api/v1/designations/", {"format": "api"})

    assert response.status_code == 200
    assert '<option value="travel_ban"' in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Delisting
# ---------------------------------------------------------------------------------------------


def _delist(client, designation, **data):
    return client.post(f"/api/v1/designations/{designation.pk}/delist/", data, format="json")


def test_delist_ends_the_designation_and_cites_the_source(curator_client, curator):
    """A curator's delisting (date, source, quote) is 200: the designation is delisted on
    that date, a new version, with a citation of the source for the field 'delisted'."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()

    response = _delist(
        curator_client,
        designation,
        delisted="2025-03",
        source=source.pk,
        quote="The designation was lifted in March.",
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "delisted"
    assert response.json()["delisted"]["value"] == "2025-03"
    assert response["ETag"] == '"v2"'
    designation.refresh_from_db()
    assert designation.delisted == PartialDate.parse("2025-03")
    assert designation.version == 2
    citation = Citation.objects.get(designation=designation)
    assert (citation.source, citation.field, citation.quote) == (
        source,
        "delisted",
        "The designation was lifted in March.",
    )
    assert designation.history.order_by("-history_id").first().history_user == curator


def test_delisting_twice_is_a_400(curator_client):
    """A designation already delisted cannot be delisted again; nothing more is written."""
    designation = f.DesignationFactory()
    source = f.SourceFactory()
    first = _delist(curator_client, designation, delisted="2025", source=source.pk, quote="lifted")
    assert first.status_code == 200

    again = _delist(curator_client, designation, delisted="2026", source=source.pk, quote="again")

    assert again.status_code == 400
    assert "already delisted" in again.json()["non_field_errors"][0]
    designation.refresh_from_db()
    assert designation.delisted == PartialDate.parse("2025")
    assert Citation.objects.filter(designation=designation).count() == 1


def test_delisting_without_quote_or_locator_is_a_400(curator_client):
    """The delisting must say where the source says so: no quote and no locator is a 400
    under ``quote``, and the designation stays active."""
    designation = f.DesignationFactory()

    response = _delist(curator_client, designation, delisted="2025", source=f.SourceFactory().pk)

    assert response.status_code == 400
    assert "quote" in response.json()
    assert Designation.objects.get(pk=designation.pk).is_active
    assert not Citation.objects.exists()


@pytest.mark.parametrize(("caller", "status"), [("anon_client", 401), ("reader_client", 403)])
def test_delisting_needs_the_change_permission(request, caller, status):
    """Anonymous callers are told to authenticate (401), readers are refused (403); the
    designation stays active."""
    client = request.getfixturevalue(caller)
    designation = f.DesignationFactory()

    response = _delist(client, designation, delisted="2025", source=f.SourceFactory().pk, quote="q")

    assert response.status_code == status
    assert Designation.objects.get(pk=designation.pk).is_active
    assert not Citation.objects.exists()


def test_entity_delete_without_dependants_keeps_history(admin_api_client, admin_user_api):
    """A deleted entity is gone from the API but its history keeps who deleted it."""
    entity = f.EntityFactory(name="Deleted Ltd")

    response = admin_api_client.delete(f"/api/v1/entities/{entity.pk}/")

    assert response.status_code == 204
    assert admin_api_client.get(f"/api/v1/entities/{entity.pk}/").status_code == 404
    assert not Entity.objects.filter(pk=entity.pk).exists()
    row = Entity.history.filter(id=entity.pk, history_type="-").get()
    assert (row.name, row.history_user) == ("Deleted Ltd", admin_user_api)
