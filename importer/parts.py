"""The parts of an entry the importer writes as parts of its entity (names, identifiers,
countries, addresses, dates): how each is keyed, in the list's data and in the database
alike, and the columns of a new one.

``PARTS`` is the one list of them in the importer: the three-way merge
(:mod:`importer.merge`) and new entries (:mod:`importer.add`) both go through it.
Designations and relationships are parts too but have rules of their own
(:mod:`importer.designate`, :mod:`importer.links`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from entities.models import Address, Alias, EntityDate, Identifier
from entities.parts import part as entity_part
from importer.context import ImportContext, iso, max_length, partial
from importer.writer import date_columns


@dataclass(frozen=True)
class Part:
    name: str  # the part's name in entities.parts, also the field of ListEntry
    key: Callable[[dict], tuple]  # of an item of the list's data (ListEntry.as_dict())
    db_key: Callable[[models.Model], tuple]  # the same key, of a database record
    columns: Callable[[dict], dict]  # a new record's columns, from an item

    @property
    def model(self) -> type[models.Model]:
        return entity_part(self.name).model


def _alias_columns(a: dict) -> dict:
    return {
        "name": a["name"][: max_length(Alias, "name")],
        "kind": a["kind"],
        "is_weak": a["weak"],
        "script": a["script"][: max_length(Alias, "script")],
        "language": a["language"][: max_length(Alias, "language")],
    }


def _identifier_columns(i: dict) -> dict:
    return {
        "scheme": i["scheme"],
        "value": i["value"][: max_length(Identifier, "value")],
        "country": i["country"],
        "label": i["label"][: max_length(Identifier, "label")],
    }


def _address_columns(a: dict) -> dict:
    return {
        "street": a["street"][: max_length(Address, "street")],
        "city": a["city"][: max_length(Address, "city")],
        "region": a["region"][: max_length(Address, "region")],
        "postal_code": a["postal_code"][: max_length(Address, "postal_code")],
        "country": a["country"],
        "full": a["full"],
    }


def _date_columns(d: dict) -> dict:
    text = d["text"][: max_length(EntityDate, "date_text")]
    return {
        "kind": d["kind"],
        "approximate": d["approximate"],
        **date_columns("date", partial(d["date"], text)),
    }


ADDRESS_KEY = ("street", "city", "region", "postal_code", "country", "full")

# Keyed by the part's name in entities.parts (the field of ListEntry), which gives its model.
PARTS = {
    part.name: part
    for part in (
        Part(
            "aliases",
            key=lambda a: (a["name"], a["kind"]),
            db_key=lambda r: (r.name, r.kind),
            columns=_alias_columns,
        ),
        Part(
            "identifiers",
            key=lambda i: (i["scheme"], i["value"], i["country"]),
            db_key=lambda r: (r.scheme, r.value, r.country.code or ""),
            columns=_identifier_columns,
        ),
        Part(
            "countries",
            key=lambda c: (c["country"], c["role"]),
            db_key=lambda r: (r.country.code, r.role),
            columns=lambda c: {"country": c["country"], "role": c["role"]},
        ),
        Part(
            "addresses",
            key=lambda a: (
                a["street"],
                a["city"],
                a["region"],
                a["postal_code"],
                a["country"],
                a["full"],
            ),
            db_key=lambda r: (
                r.street,
                r.city,
                r.region,
                r.postal_code,
                r.country.code or "",
                r.full,
            ),
            columns=_address_columns,
        ),
        Part(
            "dates",
            key=lambda d: (d["kind"], d["date"], d["approximate"], d["text"]),
            db_key=lambda r: (r.kind, iso(r.date), r.approximate, r.date_text),
            columns=_date_columns,
        ),
    )
}


def repeats_name(name: str, item: dict, entity_name: str) -> bool:
    """An alias spelled exactly as the entity's own name: it says nothing new. Such an alias
    comes from an entry linked to an entity another list named (OFAC's advanced XML gives
    as an a.k.a. the name its legacy CSV gives as the primary one)."""
    return name == "aliases" and item["name"] == entity_name


def create_part(ctx: ImportContext, entity_id: int, name: str, item: dict, locator: str) -> None:
    """Queue one new part of an entity, citing the list at ``locator``."""
    part = PARTS[name]
    ctx.writer.create(part.model, locator=locator, entity_id=entity_id, **part.columns(item))


def add_parts(
    ctx: ImportContext,
    entity_id: int,
    data: dict,
    locator: str,
    *,
    existing: bool,
    entity_name: str = "",
):
    """Create the entry's parts that its entity lacks (all of them, for a new entity; for an
    existing one, not an alias repeating ``entity_name``, its name)."""
    for name, part in PARTS.items():
        present = (
            {part.db_key(r) for r in part.model.objects.filter(entity_id=entity_id)}
            if existing
            else set()
        )
        for item in data[name]:
            k = part.key(item)
            if k in present or repeats_name(name, item, entity_name):
                continue
            present.add(k)  # the list can repeat itself; the database must not
            create_part(ctx, entity_id, name, item, locator)
