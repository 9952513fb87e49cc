"""Entities as FtM JSON lines, streamed: the entity, then its addresses, its documents, one
``Sanction`` per designation and its relationships.

Streamed in chunks of ``CHUNK_SIZE`` entities: each chunk is one query for the entities and
one per part (aliases, countries, dates, addresses, identifiers, designations with their
measures and citations, relationships), so memory and queries grow with the chunks, never
with the entities of one.

Ids are made from the records' uids, which never change nor get reused (``st-ent-<uid>``,
``st-des-``, ``st-rel-``, ``st-addr-``, ``st-id-``): two exports of the same data are the same
bytes. Every entity a line refers to is in the file: a relationship is written when both
its ends are among the exported entities.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from entities.active import is_active
from entities.choices import AliasKind, IdentifierScheme, RelationshipKind
from entities.ftm import vocabulary as v
from entities.ftm.values import (
    ADDRESS_MAX_LENGTH,
    STRING_MAX_LENGTH,
    checked,
    fitting,
    prefix_dates,
)
from entities.models import (
    Address,
    Alias,
    Designation,
    Entity,
    EntityCountry,
    EntityDate,
    Identifier,
    Relationship,
)
from sanctions_tracker.partial_dates import sort_key
from sources.models import Citation

CHUNK_SIZE = 500
MEDIA_TYPE = "application/x-ndjson"


def stream(queryset: QuerySet) -> Iterator[str]:
    """The export of the entities of ``queryset`` (its filters and ordering kept), one
    string per chunk of entities."""
    for chunk in _chunks(_with_parts(queryset)):
        yield "".join(_dumps(line) for entity in chunk for line in entity_lines(entity))


def response(queryset: QuerySet) -> StreamingHttpResponse:
    out = StreamingHttpResponse(stream(queryset), content_type=f"{MEDIA_TYPE}; charset=utf-8")
    out["Content-Disposition"] = f'attachment; filename="{filename()}"'
    return out


def filename(today: dt.date | None = None) -> str:
    """``entities-2026-12-05.ftm.json``: OpenSanctions names its FtM files ``.ftm.json``."""
    return f"entities-{(today or timezone.localdate()).isoformat()}.ftm.json"


def _dumps(line: dict) -> str:
    return json.dumps(line, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _with_parts(queryset: QuerySet) -> QuerySet:
    """The entities with every part they export prefetched (the caller's prefetches
    dropped). A filtered export reads only the relationships whose object is exported."""
    relationships = Relationship.objects.select_related("object").order_by(
        "kind", "object_id", "id"
    )
    if queryset.query.where:
        relationships = relationships.filter(object__in=queryset.order_by().values("pk"))
    citations = Citation.objects.filter(source__url__gt="").select_related("source")
    designations = (
        Designation.objects.select_related("body", "programme")
        .prefetch_related("measures", Prefetch("citations", queryset=citations))
        .order_by(*sort_key("listed"), "id")
    )
    return queryset.prefetch_related(None).prefetch_related(
        Prefetch("aliases", queryset=Alias.objects.all()),
        Prefetch("countries", queryset=EntityCountry.objects.all()),
        Prefetch("dates", queryset=EntityDate.objects.order_by("kind", *sort_key("date"), "id")),
        Prefetch("addresses", queryset=Address.objects.all()),
        Prefetch("identifiers", queryset=Identifier.objects.all()),
        Prefetch("designations", queryset=designations),
        Prefetch("relationships_out", queryset=relationships),
    )


def _chunks(queryset: QuerySet) -> Iterator[list[Entity]]:
    chunk = []
    for entity in queryset.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(entity)
        if len(chunk) == CHUNK_SIZE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# Ids -------------------------------------------------------------------------------------
def entity_id(entity: Entity) -> str:
    return f"st-ent-{entity.uid}"


def _id(prefix: str, record) -> str:
    return f"st-{prefix}-{record.uid}"


# Lines -----------------------------------------------------------------------------------
class _Properties(dict):
    """Property name -> values, each value once, in the order added; blanks left out."""

    def add(self, name: str, *values) -> None:
        for value in values:
            value = "" if value is None else str(value).strip()
            if value and value not in self.setdefault(name, []):
                self[name].append(value)


def _moment(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _line(
    line_id: str, schema: str, properties: _Properties, record, caption: str, target=False
) -> dict:
    return {
        "id": line_id,
        "schema": schema,
        "properties": {name: values for name, values in properties.items() if values},
        "caption": caption,
        "datasets": [v.DATASET],
        "first_seen": _moment(record.created_at),
        "last_seen": _moment(record.updated_at),
        "last_change": _moment(record.updated_at),
        "target": target,
    }


def entity_lines(entity: Entity) -> Iterator[dict]:
    """The lines of one entity with its parts prefetched."""
    kind, own_id = entity.kind, entity_id(entity)
    props = _Properties()
    props.add("name", entity.name)
    for alias in entity.aliases.all():
        props.add(_alias_property(alias), alias.name)
    for country in entity.countries.all():
        props.add(v.country_property(country.role, kind), country.country.code.lower())
    for date in entity.dates.all():
        if name := v.date_property(date.kind, kind):
            props.add(name, *prefix_dates(date.date))
    addresses = list(entity.addresses.all())
    for address in addresses:
        props.add("addressEntity", _id("addr", address))
        props.add("address", fitting(address_text(address), ADDRESS_MAX_LENGTH))
    documents = []
    for identifier in entity.identifiers.all():
        name, value = identifier_property(identifier, kind)
        if name:
            props.add(name, value)
        if document := _document(identifier, own_id, kind, written=bool(name)):
            documents.append(document)
    props.add("notes", entity.notes)
    designations = list(entity.designations.all())
    target = any(is_active(d) for d in designations)
    if target:
        props.add("topics", "sanction")
    yield _line(own_id, v.SCHEMA_BY_KIND[kind], props, entity, entity.name, target)
    for address in addresses:
        yield address_line(address)
    yield from documents
    for designation in designations:
        yield sanction_line(designation, own_id)
    for relationship in entity.relationships_out.all():
        yield relationship_line(relationship, entity)


def _alias_property(alias: Alias) -> str:
    if alias.is_weak:
        return "weakAlias"
    return "previousName" if alias.kind == AliasKind.FKA else "alias"


def address_text(address: Address) -> str:
    """The address as written, else its parts joined as ``str(address)`` joins them."""
    return address.full.strip() or str(address)


def address_line(address: Address) -> dict:
    """An Address entity, linked from its entity by ``addressEntity``.

    Both forms are written: the Address entity keeps the parts (street, city, postal code,
    country) that yente and Aleph show and that a round trip needs, and the entity's own
    ``address`` property holds the whole text, which name-and-address matching
    (nomenklatura, yente) reads from the entity line alone. A text longer than FtM's
    address type takes is kept as the Address's ``remarks``.
    """
    props = _Properties()
    text = address_text(address)
    full = fitting(text, ADDRESS_MAX_LENGTH)
    props.add("full", full)
    props.add("street", address.street)
    props.add("city", address.city)
    props.add("region", address.region)
    props.add("postalCode", address.postal_code)
    props.add("country", address.country.code.lower() if address.country else "")
    if full is None:
        props.add("remarks", fitting(text, STRING_MAX_LENGTH))
    caption = next((props[p][0] for p in ("full", "city", "remarks") if p in props), "Address")
    return _line(_id("addr", address), "Address", props, address, caption)


def identifier_property(identifier: Identifier, kind: str) -> tuple[str, str]:
    """The entity property and value of an identifier, or ("", "") when the entity's schema
    has no property for its scheme or the value fails the property's format."""
    spec = v.IDENTIFIER_PROPERTIES.get(identifier.scheme)
    if spec is None or kind not in spec.kinds:
        return "", ""
    value = checked(identifier.value, spec.check)
    return (spec.name, value) if value else ("", "")


def _document(identifier: Identifier, holder: str, kind: str, *, written: bool) -> dict | None:
    """A Passport or an Identification for a passport or a national ID, and for an
    identifier that no property of the entity holds (a list's own reference, a value that
    fails its format). Only a legal entity holds one (its range); the number must fit
    FtM's identifier."""
    schema = v.DOCUMENT_SCHEMES.get(identifier.scheme)
    if schema is None and written:
        return None
    number = checked(identifier.value, "")
    if kind not in v.LEGAL_ENTITIES or number is None:
        return None
    schema = schema or "Identification"
    props = _Properties()
    props.add("holder", holder)
    props.add("number", number)
    if schema == "Passport":
        props.add("passportNumber", number)
    props.add("type", IdentifierScheme(identifier.scheme).label)
    props.add("country", identifier.country.code.lower() if identifier.country else "")
    props.add("summary", identifier.label)
    return _line(_id("id", identifier), schema, props, identifier, number)


def sanction_line(designation: Designation, holder: str) -> dict:
    """One designation as a ``Sanction`` of its entity (see ftm-contract.md)."""
    body, programme = designation.body, designation.programme
    props = _Properties()
    props.add("entity", holder)
    props.add("authority", body.name)
    props.add("country", body.jurisdiction.code.lower() if body.jurisdiction else "")
    if programme is not None:
        props.add("program", programme.name)
        props.add("programId", programme.code)
        props.add("programUrl", programme.url)
    listed = prefix_dates(designation.listed)
    props.add("listingDate", *listed)
    props.add("startDate", *listed)
    props.add("endDate", *prefix_dates(designation.delisted))
    props.add("status", designation.status)
    props.add("provisions", *(m.code for m in designation.measures.all()))
    props.add("summary", designation.measures_text)
    props.add("reason", designation.reason)
    props.add("authorityId", designation.reference)
    props.add("sourceUrl", *(c.source.url for c in designation.citations.all()))
    caption = programme.name if programme is not None else "Sanction"
    return _line(_id("des", designation), "Sanction", props, designation, caption)


def relationship_line(relationship: Relationship, subject: Entity) -> dict:
    """A relationship as the FtM link of its kind, or an UnknownLink with its kind as the
    role when the ends do not fit that link's ranges."""
    other = relationship.object
    link = v.link_schema(relationship.kind, subject.kind, other.kind)
    props = _Properties()
    props.add(link.subject, entity_id(subject))
    props.add(link.object, entity_id(other))
    if link.role:
        props.add("role", RelationshipKind(relationship.kind).label)
    props.add("startDate", *prefix_dates(relationship.started))
    props.add("endDate", *prefix_dates(relationship.ended))
    props.add("description", relationship.description)
    caption = v.SCHEMA_LABELS.get(link.schema, link.schema)
    return _line(_id("rel", relationship), link.schema, props, relationship, caption)
