"""Entities as FtM JSON lines, streamed: the entity, then its addresses, its documents, one
``Sanction`` per designation and its relationships.

Streamed in chunks of ``CHUNK_SIZE`` entities (entities.ftm.rows): one query streams the
entities, and each chunk costs one query per part (aliases, countries, dates, addresses,
identifiers, designations, their measures and citations, relationships), so memory and
queries grow with the chunks, never with the entities of one.

Ids are made from the records' uids, which never change nor get reused (``st-ent-<uid>``,
``st-des-``, ``st-rel-``, ``st-addr-``, ``st-id-``): two exports of the same data are the same
bytes. Every entity a line refers to is in the file: a relationship is written when both
its ends are among the exported entities.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from entities.choices import AliasKind, DesignationStatus, IdentifierScheme, RelationshipKind
from entities.ftm import rows
from entities.ftm import vocabulary as v
from entities.ftm.values import (
    ADDRESS_MAX_LENGTH,
    STRING_MAX_LENGTH,
    checked,
    fitting,
    prefix_dates,
)
from entities.models import Address
from entities.numberings import id_of_reference

CHUNK_SIZE = 500
MEDIA_TYPE = "application/x-ndjson"
Row = rows.Row


def stream(queryset: QuerySet) -> Iterator[str]:
    """The export of the entities of ``queryset`` (its filters and ordering kept), one
    string per chunk of entities."""
    for chunk in rows.chunks(queryset, CHUNK_SIZE):
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


# Ids -------------------------------------------------------------------------------------
def entity_id(uid) -> str:
    return f"st-ent-{uid}"


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


def _code(country: str) -> str:
    """A country code as FtM writes it (lower case); blank stays blank."""
    return (country or "").lower()


def entity_lines(entity: Row) -> Iterator[dict]:
    """The lines of one entity, read with its parts (entities.ftm.rows)."""
    kind, own_id = entity.kind, entity_id(entity.uid)
    props = _Properties()
    props.add("name", entity.name)
    for alias in entity.aliases:
        props.add(alias_property(alias), alias.name)
    for country in entity.countries:
        props.add(v.country_property(country.role, kind), _code(country.country))
    for date in entity.dates:
        if name := v.date_property(date.kind, kind):
            props.add(name, *prefix_dates(date.date))
    addresses = entity.addresses
    for address in addresses:
        props.add("addressEntity", _id("addr", address))
        props.add("address", fitting(address_text(address), ADDRESS_MAX_LENGTH))
    documents = []
    for identifier in entity.identifiers:
        name, value = identifier_property(identifier, kind)
        if name:
            props.add(name, value)
        if document := _document(identifier, own_id, kind, written=bool(name)):
            documents.append(document)
    props.add("notes", entity.notes)
    designations = entity.designations
    target = any(d.status == DesignationStatus.ACTIVE for d in designations)
    if target:
        props.add("topics", "sanction")
    line = _line(own_id, v.SCHEMA_BY_KIND[kind], props, entity, entity.name, target)
    line["referents"] = referents(entity.identifiers)
    yield line
    for address in addresses:
        yield address_line(address)
    yield from documents
    for designation in designations:
        yield sanction_line(designation, own_id)
    for relationship in entity.relationships:
        yield relationship_line(relationship, entity)


def referents(identifiers) -> list[str]:
    """The OpenSanctions ids of the entity's list references (OFAC ent_num 18272:
    ``ofac-18272``), as OpenSanctions names the source records of a merged entity: yente
    and nomenklatura see our entity as the one they hold from that list, and
    ``import_list ftm`` links by them."""
    found = {
        ident
        for i in identifiers
        if i.scheme == IdentifierScheme.LIST_REFERENCE
        and (ident := id_of_reference(i.label, i.value))
    }
    return sorted(found)


def alias_property(alias) -> str:
    """The FtM property an alias is written to: FtM has no kind for a name in its native
    script or a "now known as", so those are plain aliases (their script stays visible in
    the name itself)."""
    if alias.is_weak:
        return "weakAlias"
    return "previousName" if alias.kind == AliasKind.FKA else "alias"


def address_text(address: Row) -> str:
    """The address as written, else its parts joined as ``str(address)`` joins them."""
    if address.full.strip():
        return address.full.strip()
    parts = ("street", "city", "region", "postal_code", "country")
    return str(Address(**{name: getattr(address, name) for name in parts}))


def address_line(address: Row) -> dict:
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
    props.add("country", _code(address.country))
    if full is None:
        props.add("remarks", fitting(text, STRING_MAX_LENGTH))
    caption = next((props[p][0] for p in ("full", "city", "remarks") if p in props), "Address")
    return _line(_id("addr", address), "Address", props, address, caption)


def identifier_property(identifier: Row, kind: str) -> tuple[str, str]:
    """The entity property and value of an identifier, or ("", "") when the entity's schema
    has no property for its scheme or the value fails the property's format."""
    spec = v.IDENTIFIER_PROPERTIES.get(identifier.scheme)
    if spec is None or kind not in spec.kinds:
        return "", ""
    value = checked(identifier.value, spec.check)
    return (spec.name, value) if value else ("", "")


def _document(identifier: Row, holder: str, kind: str, *, written: bool) -> dict | None:
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
    props.add("country", _code(identifier.country))
    props.add("summary", identifier.label)
    return _line(_id("id", identifier), schema, props, identifier, number)


def sanction_line(designation: Row, holder: str) -> dict:
    """One designation as a ``Sanction`` of its entity (see ftm-contract.md)."""
    props = _Properties()
    props.add("entity", holder)
    props.add("authority", designation.body__name)
    props.add("country", _code(designation.body__jurisdiction))
    props.add("program", designation.programme__name)
    props.add("programId", designation.programme__code)
    props.add("programUrl", designation.programme__url)
    listed = prefix_dates(designation.listed)
    props.add("listingDate", *listed)
    props.add("startDate", *listed)
    props.add("endDate", *prefix_dates(designation.delisted))
    props.add("status", designation.status)
    props.add("provisions", *designation.measures)
    props.add("summary", designation.measures_text)
    props.add("reason", designation.reason)
    props.add("authorityId", designation.reference)
    props.add("sourceUrl", *designation.citations)
    caption = designation.programme__name or "Sanction"
    return _line(_id("des", designation), "Sanction", props, designation, caption)


def relationship_line(relationship: Row, subject: Row) -> dict:
    """A relationship as the FtM link of its kind, or an UnknownLink with its kind as the
    role when the ends do not fit that link's ranges."""
    link = v.link_schema(relationship.kind, subject.kind, relationship.object__kind)
    props = _Properties()
    props.add(link.subject, entity_id(subject.uid))
    props.add(link.object, entity_id(relationship.object__uid))
    if link.role:
        props.add("role", RelationshipKind(relationship.kind).label)
    props.add("startDate", *prefix_dates(relationship.started))
    props.add("endDate", *prefix_dates(relationship.ended))
    props.add("description", relationship.description)
    caption = v.SCHEMA_LABELS.get(link.schema, link.schema)
    return _line(_id("rel", relationship), link.schema, props, relationship, caption)
