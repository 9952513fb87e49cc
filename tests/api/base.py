"""A declarative base for the API's resource tests, in the manner of NetBox's.

Each resource is declared once, as a :class:`Resource`: its URL prefix (the router's basename
is the model name), a factory that makes a record, a builder of a valid create payload, a full
update payload (PUT) and a partial one (PATCH). The ``check_*`` helpers run one operation and
assert what it must do; the test modules drive them over :data:`RESOURCES`.

Every value sent in a payload is checked against the database row afterwards, as the API
writes it: related records by id, measures by code, countries by code, partial dates as a
:class:`~sanctions_tracker.partial_dates.PartialDate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.urls import reverse

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
from sources.models import Citation, Source
from tests import factories as f

# API field name -> model attribute, where they differ (an event's ``date`` is its
# ``occurred``; an entity date's ``date`` is its own).
MODEL_ATTRIBUTES = {"link": "url", "date": "occurred", "unnamed": "name_is_description"}


@dataclass(frozen=True)
class Resource:
    """One resource under /api/v1/ and what it takes to exercise it."""

    prefix: str
    model: type[models.Model]
    make: Callable[[], models.Model]
    create: Callable[[], dict]
    update: Callable[[models.Model], dict]
    patch: dict
    deletable: bool = True  # False: DELETE is refused with 405 (designations are delisted)
    read_only: bool = False  # True: no writes at all (measures)
    lookup: str = "pk"
    paginated: bool = True

    def __str__(self) -> str:
        return self.prefix

    @property
    def basename(self) -> str:
        return self.model._meta.model_name

    def list_url(self) -> str:
        return reverse(f"{self.basename}-list")

    def detail_url(self, record) -> str:
        return reverse(
            f"{self.basename}-detail", kwargs={self.lookup: getattr(record, self.lookup)}
        )

    def snapshot(self) -> tuple[list[dict], int]:
        """Every row of the table and the number of history rows: to show nothing changed."""
        rows = list(self.model.objects.order_by("pk").values())
        history = self.model.history.count() if hasattr(self.model, "history") else 0
        return rows, history


# What the API stores -------------------------------------------------------------------------
def stored(record, name: str):
    """The value of ``record``'s API field ``name`` as the API writes it."""
    attribute = name if hasattr(type(record), name) else MODEL_ATTRIBUTES.get(name, name)
    value = getattr(record, attribute)
    if isinstance(value, PartialDate):
        return value
    model_field = record._meta.get_field(attribute)
    if model_field.many_to_many:
        key = "code" if model_field.related_model is Measure else "pk"
        return sorted(getattr(related, key) for related in value.all())
    if model_field.is_relation:
        return getattr(record, model_field.attname)
    if hasattr(value, "code"):  # a django-countries Country
        return value.code or ""
    return value


def as_written(record, name: str, sent):
    """What a value sent for ``name`` must be stored as."""
    current = stored(record, name)
    if isinstance(current, PartialDate):
        if sent is None:
            return PartialDate.none()
        if isinstance(sent, dict):
            return PartialDate.parse(sent.get("value") or "unknown", sent.get("text", ""))
        return PartialDate.parse(sent)
    if isinstance(current, list):
        return sorted(sent)
    return sent


def assert_stored(record, payload: dict) -> None:
    """Every value of ``payload`` is what the database now holds for ``record``."""
    record = type(record).objects.get(pk=record.pk)
    mismatches = {
        name: (stored(record, name), as_written(record, name, sent))
        for name, sent in payload.items()
        if stored(record, name) != as_written(record, name, sent)
    }
    assert not mismatches, f"stored != sent: {mismatches}"


def latest_history(resource: Resource, pk):
    return resource.model.history.filter(id=pk).order_by("-history_id").first()


# The operations ------------------------------------------------------------------------------
def check_list(resource: Resource, client) -> None:
    """The list is 200 and holds every record (count and results)."""
    made = {resource.make().pk for _ in range(2)} if not resource.read_only else set()
    response = client.get(resource.list_url())
    assert response.status_code == 200, response.content
    results = response.json()["results"] if resource.paginated else response.json()
    if resource.paginated:
        assert response.json()["count"] == resource.model.objects.count()
    key = "id" if resource.lookup == "pk" else resource.lookup
    listed = {row[key] for row in results}
    expected = resource.model.objects.values_list(resource.lookup, flat=True)
    assert listed == set(expected)
    assert made <= listed


def check_retrieve(resource: Resource, client) -> None:
    """The detail is 200, the record itself, with its version as the ETag."""
    record = resource.make()
    response = client.get(resource.detail_url(record))
    assert response.status_code == 200, response.content
    data = response.json()
    if resource.read_only:
        assert data[resource.lookup] == getattr(record, resource.lookup)
        return
    assert (data["id"], data["version"]) == (record.pk, record.version)
    assert response["ETag"] == f'"v{record.version}"'
    assert set(resource.create()) <= set(data), "a writable field is missing on read"


def check_create(resource: Resource, client, user) -> None:
    """A curator's POST is 201, stores every value sent, and history names the curator."""
    payload = resource.create()
    before = resource.snapshot()
    response = client.post(resource.list_url(), payload, format="json")
    if resource.read_only:
        assert response.status_code == 405
        assert resource.snapshot() == before
        return
    assert response.status_code == 201, response.content
    record = resource.model.objects.get(pk=response.json()["id"])
    assert_stored(record, payload)
    assert (record.version, response.json()["version"]) == (1, 1)
    assert response["ETag"] == '"v1"'
    created = record.history.get(history_type="+")
    assert created.history_user == user


def check_update(resource: Resource, client, user, method: str) -> None:
    """A curator's PUT (the full payload) or PATCH (a part) is 200, stores the values sent,
    raises the version by one and records the change in history under the curator."""
    record = resource.make()
    payload = resource.update(record) if method == "put" else resource.patch
    before = resource.snapshot()
    response = getattr(client, method)(
        resource.detail_url(record), payload, format="json", HTTP_IF_MATCH='"v1"'
    )
    if resource.read_only:
        assert response.status_code == 405
        assert resource.snapshot() == before
        return
    assert response.status_code == 200, response.content
    assert_stored(record, payload)
    after = resource.model.objects.get(pk=record.pk)
    assert after.version == record.version + 1 == response.json()["version"]
    assert response["ETag"] == f'"v{after.version}"'
    changed = latest_history(resource, record.pk)
    assert (changed.history_type, changed.history_user) == ("~", user)


def check_delete(resource: Resource, client, user) -> None:
    """An administrator's DELETE is 204, the record is gone and history keeps a '-' row under
    the administrator; a designation is refused (405, pointing to delisting), as is any
    delete of a read-only resource, and stays."""
    record = resource.make()
    pk = record.pk
    response = client.delete(resource.detail_url(record))
    if not resource.deletable or resource.read_only:
        assert response.status_code == 405, response.content
        assert resource.model.objects.filter(pk=pk).exists()
        if not resource.read_only:
            assert f"/api/v1/{resource.prefix}/{pk}/delist/" in response.json()["detail"]
        return
    assert response.status_code == 204, response.content
    assert not resource.model.objects.filter(pk=pk).exists()
    deleted = latest_history(resource, pk)
    assert (deleted.history_type, deleted.history_user) == ("-", user)


# The declarations ----------------------------------------------------------------------------
def _id(factory, **kwargs) -> int:
    return factory(**kwargs).pk


def _designation_payload() -> dict:
    programme = f.ProgrammeFactory()
    return {
        "entity": _id(f.EntityFactory),
        "body": programme.body_id,
        "programme": programme.pk,
        "listed": "2024-12",
        "measures": ["asset_freeze", "transaction_ban"],
        "measures_text": "freeze of US property; no dealings with US businesses",
        "reason": "Procuring materials for the long-range ballistic missile programme.",
        "reference": "DOS-2024-001",
        "targeted_activities": [_id(f.TargetedActivityFactory)],
        "notes": "From the State Department's fact sheet.",
    }


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "bodies",
        Body,
        make=f.BodyFactory,
        create=lambda: {
            "code": "US-DOS",
            "name": "US Department of State",
            "short_name": "State",
            "jurisdiction": "US",
            "parent": _id(f.BodyFactory),
            "imposes_sanctions": False,
            "entity": _id(f.EntityFactory),
            "link": "https://www.state.gov/",
            "notes": "Sanctioning body of the seed article.",
        },
        update=lambda body: {
            "code": body.code,
            "name": "HM Treasury, OFSI",
            "short_name": "OFSI",
            "jurisdiction": "GB",
            "parent": None,
            "imposes_sanctions": True,
            "entity": None,
            "link": "https://www.gov.uk/ofsi",
            "notes": "",
        },
        patch={"jurisdiction": "", "short_name": "UNSC"},
    ),
    Resource(
        "programmes",
        Programme,
        make=f.ProgrammeFactory,
        create=lambda: {
            "body": _id(f.BodyFactory),
            "code": "NPWMD",
            "name": "Non-Proliferation of Weapons of Mass Destruction",
            "legal_basis": "Executive Order 13382",
            "targeted_activity": "weapons of mass destruction and their delivery",
            "targeted_activities": [_id(f.TargetedActivityFactory)],
            "status": "ended",
            "link": "https://ofac.treasury.gov/npwmd",
            "notes": "",
        },
        update=lambda programme: {
            "body": programme.body_id,
            "code": "SDGT",
            "name": "Specially Designated Global Terrorists",
            "legal_basis": "Executive Order 13224",
            "targeted_activity": "",
            "targeted_activities": [],
            "status": "active",
            "link": "",
            "notes": "renamed",
        },
        patch={"status": "ended"},
    ),
    Resource(
        "measures",
        Measure,
        make=lambda: Measure.objects.get(code="asset_freeze"),
        create=lambda: {"code": "other", "name": "a new measure"},
        update=lambda measure: {"code": measure.code, "name": "renamed"},
        patch={"name": "renamed"},
        read_only=True,
        lookup="code",
        paginated=False,
    ),
    Resource(
        "targeted-activities",
        TargetedActivity,
        make=f.TargetedActivityFactory,
        create=lambda: {
            "name": "Long-range ballistic missile programme",
            "country": "PK",
            "description": "The SHAHEEN series included.",
            "since": "1998",
            "notes": "",
        },
        update=lambda activity: {
            "name": "Nuclear weapons capability",
            "country": "IN",
            "description": "",
            "since": {"value": "1998-05", "text": "in May 1998"},
            "notes": "tests of 1998",
        },
        patch={"since": "unknown"},
    ),
    Resource(
        "entities",
        Entity,
        make=f.EntityFactory,
        create=lambda: {
            "kind": "public_body",
            "name": "Ministry of Foreign Affairs",
            "unnamed": False,
            "notes": "Issued the statement.",
        },
        update=lambda entity: {
            "kind": "organization",
            "name": "a Chinese research institute",
            "unnamed": True,
            "notes": "",
        },
        patch={"name": "National Development Complex"},
    ),
    Resource(
        "aliases",
        Alias,
        make=f.AliasFactory,
        create=lambda: {
            "entity": _id(f.EntityFactory),
            "name": "NDC",
            "kind": "fka",
            "is_weak": True,
            "language": "en",
            "script": "Latn",
        },
        update=lambda alias: {
            "entity": alias.entity_id,
            "name": "نیشنل ڈیولپمنٹ کمپلیکس",
            "kind": "native_script",
            "is_weak": False,
            "language": "ur",
            "script": "Arab",
        },
        patch={"name": "Natl. Development Complex"},
    ),
    Resource(
        "entity-countries",
        EntityCountry,
        make=f.EntityCountryFactory,
        create=lambda: {"entity": _id(f.EntityFactory), "country": "CN", "role": "incorporated_in"},
        update=lambda row: {"entity": row.entity_id, "country": "US", "role": "nationality"},
        patch={"role": "other"},
    ),
    Resource(
        "entity-dates",
        EntityDate,
        make=f.EntityDateFactory,
        create=lambda: {
            "entity": _id(f.EntityFactory),
            "kind": "birth",
            "date": "1960/1965",
            "approximate": True,
        },
        update=lambda row: {
            "entity": row.entity_id,
            "kind": "established",
            "date": {"value": "1998-03/1999", "text": "between March 1998 and 1999"},
            "approximate": False,
        },
        patch={"date": "1962-05-04"},
    ),
    Resource(
        "addresses",
        Address,
        make=f.AddressFactory,
        create=lambda: {
            "entity": _id(f.EntityFactory),
            "street": "Fatima Jinnah Avenue",
            "city": "Islamabad",
            "region": "Islamabad Capital Territory",
            "postal_code": "44000",
            "country": "PK",
            "full": "Fatima Jinnah Avenue, Islamabad",
        },
        update=lambda address: {
            "entity": address.entity_id,
            "street": "",
            "city": "Rawalpindi",
            "region": "",
            "postal_code": "",
            "country": "",
            "full": "",
        },
        patch={"city": "Lahore"},
    ),
    Resource(
        "identifiers",
        Identifier,
        make=f.IdentifierFactory,
        create=lambda: {
            "entity": _id(f.EntityFactory),
            "scheme": "registration_number",
            "value": "0012345",
            "country": "PK",
            "label": "Reg. No.",
        },
        update=lambda identifier: {
            "entity": identifier.entity_id,
            "scheme": "list_reference",
            "value": "PKe.001",
            "country": "",
            "label": "",
        },
        patch={"value": "0099999"},
    ),
    Resource(
        "relationships",
        Relationship,
        make=f.RelationshipFactory,
        create=lambda: {
            "subject": _id(f.EntityFactory),
            "kind": "collaborated_with",
            "object": _id(f.EntityFactory),
            "started": "1998",
            "ended": "2024-12",
            "description": "Alleged by the US.",
        },
        update=lambda relationship: {
            "subject": relationship.subject_id,
            "kind": "supplies",
            "object": relationship.object_id,
            "started": {"precision": "unknown", "text": "earlier"},
            "ended": None,
            "description": "",
        },
        patch={"description": "Confirmed.", "started": "2001-02-03"},
    ),
    Resource(
        "designations",
        Designation,
        make=f.DesignationFactory,
        create=_designation_payload,
        update=lambda designation: {
            "entity": designation.entity_id,
            "body": designation.body_id,
            "programme": None,
            "listed": {"value": "2024-12-18", "text": "Wednesday"},
            "measures": ["travel_ban"],
            "measures_text": "",
            "reason": "",
            "reference": "",
            "targeted_activities": [],
            "notes": "",
        },
        patch={"reason": "Procured materials and technology.", "measures": ["arms_embargo"]},
        deletable=False,
    ),
    Resource(
        "events",
        Event,
        make=f.EventFactory,
        create=lambda: {
            "kind": "speech",
            "title": "Jon Finer's remarks at the Carnegie Endowment",
            "date": {"value": "2024-12-19", "text": "on Thursday"},
            "country": "US",
            "description": "An emerging threat to the United States.",
            "designations": [_id(f.DesignationFactory)],
            "targeted_activities": [_id(f.TargetedActivityFactory)],
        },
        update=lambda event: {
            "kind": "nuclear_test",
            "title": "Pakistan's underground nuclear tests",
            "date": "1998",
            "country": "PK",
            "description": "",
            "designations": [],
            "targeted_activities": [],
        },
        patch={"date": {"precision": "unknown", "text": "on Thursday"}},
    ),
    Resource(
        "event-participants",
        EventParticipant,
        make=f.EventParticipantFactory,
        create=lambda: {
            "event": _id(f.EventFactory),
            "entity": _id(f.EntityFactory),
            "role": "speaker",
            "description": "Deputy National Security Adviser",
        },
        update=lambda participant: {
            "event": participant.event_id,
            "entity": participant.entity_id,
            "role": "target",
            "description": "",
        },
        patch={"role": "venue"},
    ),
    Resource(
        "sources",
        Source,
        make=f.SourceFactory,
        create=lambda: {
            "kind": "press_release",
            "title": "Additional measures against Pakistan's missile programme",
            "publisher": "US Department of State",
            "link": "https://www.state.gov/press-release",
            "published": "2024-12-18",
            "retrieved": "2024-12-20",
            "language": "en",
            "notes": "",
        },
        update=lambda source: {
            "kind": "news_article",
            "title": "US sanctions Pakistan's missile developer",
            "publisher": "",
            "link": "",
            "published": {"precision": "unknown", "text": "undated"},
            "retrieved": None,
            "language": "",
            "notes": "undated article",
        },
        patch={"title": "Renamed article"},
    ),
    Resource(
        "citations",
        Citation,
        make=f.CitationFactory,
        create=lambda: {
            "source": _id(f.SourceFactory),
            "quote": "procuring materials and technology",
            "locator": "paragraph 2",
            "field": "reason",
            "designation": _id(f.DesignationFactory),
        },
        update=lambda citation: {
            "source": citation.source_id,
            "quote": "",
            "locator": "line 4",
            "field": "",
            "entity": citation.entity_id,
        },
        patch={"quote": "the corrected words"},
    ),
)

WRITABLE = tuple(r for r in RESOURCES if not r.read_only)


def resource(prefix: str) -> Resource:
    return next(r for r in RESOURCES if r.prefix == prefix)
