"""The entities of an FtM file as list entries: each Person, Organization, Company,
PublicBody, LegalEntity, Vessel and Airplane is one entry (its FtM id the reference), with
the names, countries, dates and identifiers of its properties, the Address, Passport and
Identification entities it has, its Sanctions as designations, and the Ownership,
Directorship, Family and other links whose subject it is.

Every other schema (an Article, an Event, a Security) is skipped with a warning naming its
line. A record naming an entity the file does not have is a damaged file (a dataset file
holds every entity it names): :class:`ParseError` naming the line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import defaultdict
from pathlib import Path

from entities.choices import IdentifierScheme
from importer.countries import country_code
from importer.parsers.common import Warnings, collapse, joined, unique
from importer.parsers.ftm.dates import prefix_date
from importer.parsers.ftm.reading import FtmObject, read_objects
from importer.parsers.ftm.referents import list_references
from importer.parsers.ftm.sanctions import combine, designation_of
from importer.parsers.ftm.schemas import (
    ADDRESS,
    COUNTRIES,
    DATES,
    HOLDER,
    IDENTIFICATIONS,
    KINDS,
    LINKS,
    NAMES,
    SANCTION,
    identifier_of,
)
from importer.parsers.un.scripts import detect_script
from importer.records import (
    AddressRecord,
    CountryRecord,
    DateRecord,
    IdentifierRecord,
    LinkRecord,
    ListEntry,
    NameRecord,
    ParsedSource,
    ParseError,
    ProgrammeRecord,
    list_reference,
)

SOURCE = "ftm"
REFERENCE_MAX = 64  # ListEntryState.reference


def parse_file(path: str | Path) -> ParsedSource:
    """Parse an FtM JSON lines file (an OpenSanctions dataset) into one entry per entity.

    Raises :class:`ParseError` for a damaged file (a line not JSON or without id and
    schema, a truncated last line, an id twice, a reference to an entity not in the file).
    """
    path = Path(path)
    name = path.name
    objects, sha = read_objects(path)
    warn = Warnings(name)
    by_id = {o.id: o for o in objects}

    def target(obj: FtmObject, prop: str, *, required: bool = True) -> list[FtmObject]:
        found = []
        for ref in unique(obj.values(prop)):
            if ref not in by_id and not required:
                warn(obj.line, f"kept without it: {obj.id}: its {prop} {ref!r} is not in the file")
                continue
            elif ref not in by_id:
                raise ParseError(
                    name,
                    obj.line,
                    f"{obj.schema} {obj.id}: its {prop} {ref!r} is not in the file "
                    "(damaged or partial file?)",
                )
            found.append(by_id[ref])
        return found

    def is_entry(obj: FtmObject, record: FtmObject, role: str) -> bool:
        if obj.schema in KINDS:
            return True
        warn(
            record.line,
            f"skipped: {record.schema} {record.id}: its {role} {obj.id} is a {obj.schema} "
            f"(line {obj.line}), not an entity the tracker records",
        )
        return False

    designations: dict[str, list[ProgrammeRecord]] = defaultdict(list)
    sanctions: dict[str, list[FtmObject]] = defaultdict(list)
    links: dict[str, list[LinkRecord]] = defaultdict(list)
    documents: dict[str, list[IdentifierRecord]] = defaultdict(list)
    for obj in objects:
        if obj.schema == SANCTION:
            for entity in target(obj, "entity"):
                if is_entry(entity, obj, "entity"):
                    sanctions[entity.id].append(obj)
                    record = designation_of(obj, warn)
                    if record is not None:
                        designations[entity.id].append(record)
        elif obj.schema in LINKS:
            schema = LINKS[obj.schema]
            objects_ = target(obj, schema.object)
            for subject in target(obj, schema.subject):
                for other in objects_:
                    if is_entry(subject, obj, schema.subject) and is_entry(
                        other, obj, schema.object
                    ):
                        links[subject.id].append(_link(obj, other, schema.kind, schema.words))
        elif obj.schema in IDENTIFICATIONS:
            for holder in target(obj, HOLDER):
                if is_entry(holder, obj, HOLDER):
                    documents[holder.id].extend(_documents(obj))
        elif obj.schema == ADDRESS or obj.schema in KINDS:
            continue
        else:
            warn(obj.line, f"skipped: {obj.id}: schema {obj.schema!r} is not imported")

    entries = []
    for obj in objects:
        if obj.schema not in KINDS:
            continue
        addresses = [_address_entity(a, warn) for a in target(obj, "addressEntity", required=False)]
        entry = _entry(
            obj,
            warn,
            addresses=[a for a in addresses if a is not None],
            documents=sorted(documents[obj.id], key=dataclasses.astuple),
            references=list_references(obj, sanctions[obj.id]),
            designations=combine(designations[obj.id]),
            links=links[obj.id],
        )
        if entry is not None:
            entries.append(entry)
    return ParsedSource(
        source=SOURCE,
        entries=entries,
        warnings=warn.by_line(),
        files={name: sha},
        list_date=_list_date(objects),
    )


def _list_date(objects: list[FtmObject]) -> dt.date | None:
    """The file's date: the day its entities were last seen in their sources (the latest
    ``last_seen``), which OpenSanctions writes on every line; None if no line has one."""
    days = [prefix_date(o.last_seen) for o in objects]
    days = [d for d in days if len(d) == 10]
    return dt.date.fromisoformat(max(days)) if days else None


def reference_of(ident: str) -> str:
    """The entry's reference: its FtM id, or for an id longer than the tracker keeps, its
    start and a hash of the whole (stable, and distinct from every other id)."""
    if len(ident) <= REFERENCE_MAX:
        return ident
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]
    return f"{ident[: REFERENCE_MAX - 17]}~{digest}"


def _entry(obj, warn, *, addresses, documents, references, designations, links) -> ListEntry | None:
    kind = KINDS[obj.schema]
    names = _names(obj)
    if not names:
        warn(obj.line, f"skipped: {obj.schema} {obj.id} has no name")
        return None
    primary = obj.caption if obj.caption in {n.name for n in names} else names[0].name
    aliases = unique(n for n in names if n.name != primary)
    # A name given twice (as a name and as a weak alias) is kept once, as strongly as given.
    kept: dict[tuple, NameRecord] = {}
    for alias in aliases:
        kept.setdefault((alias.name, alias.kind), alias)
    countries, unknown = _countries(obj, kind)
    for words in unknown:
        warn(obj.line, f"unknown country {words!r} ({obj.id})", once_per=obj.id)
    return ListEntry(
        reference=reference_of(obj.id),
        kind=kind,
        name=primary,
        programmes=designations,
        aliases=tuple(kept.values()),
        identifiers=_without_repeats([*_identifiers(obj, kind), *references, *documents]),
        countries=countries,
        addresses=unique([*addresses, *_address_words(obj, addresses)]),
        dates=_dates(obj),
        links=tuple(sorted(unique(links), key=repr)),
        notes="\n".join(
            unique([*obj.values("notes"), *(f"Position: {p}" for p in obj.values("position"))])
        ),
        line=obj.line,
    )


def _dates(obj: FtmObject) -> tuple[DateRecord, ...]:
    """Birth and incorporation dates; a value that starts with no date keeps its words."""
    records = []
    for prop, kind in DATES:
        for value in unique(obj.values(prop)):
            date = prefix_date(value)
            records.append(DateRecord(kind=kind, date=date, text="" if date else value))
    return tuple(records)


def _names(obj: FtmObject) -> list[NameRecord]:
    names = []
    for prop, alias_kind, weak in NAMES:
        for value in obj.values(prop):
            name = collapse(value)
            script = detect_script(name)
            names.append(
                NameRecord(
                    name, kind=alias_kind, weak=weak, script="" if script == "Latn" else script
                )
            )
    if not names:
        # A person given only in parts ("firstName", "lastName").
        parts = [collapse(obj.first(p)) for p in ("firstName", "middleName", "lastName")]
        whole = " ".join(p for p in parts if p)
        if whole:
            script = detect_script(whole)
            names.append(NameRecord(whole, script="" if script == "Latn" else script))
    return names


def _countries(obj: FtmObject, kind: str) -> tuple[tuple[CountryRecord, ...], list[str]]:
    records, unknown, done = [], [], set()
    for prop, of_kind, role in COUNTRIES:
        if (of_kind and of_kind != kind) or prop in done:
            continue
        done.add(prop)
        for value in obj.values(prop):
            code = country_code(value)
            if code:
                records.append(CountryRecord(code, role))
            else:
                unknown.append(value)
    return unique(records), list(unique(unknown))


def _identifiers(obj: FtmObject, kind: str) -> list[IdentifierRecord]:
    found = []
    for prop in obj.properties:
        scheme = identifier_of(prop, kind)
        if scheme is None:
            continue
        for value in obj.values(prop):
            found.append(
                IdentifierRecord(scheme.scheme, collapse(value), scheme.country, scheme.label)
            )
    return found


def _without_repeats(found: list[IdentifierRecord]) -> tuple[IdentifierRecord, ...]:
    """Each number once per scheme: one given with its issuing country (``innCode``) and
    again without (``taxNumber``) is kept with it."""
    with_country = {(i.scheme, i.value) for i in found if i.country}
    return unique(i for i in found if i.country or (i.scheme, i.value) not in with_country)


def _documents(doc: FtmObject) -> list[IdentifierRecord]:
    """A Passport or Identification entity's numbers, as identifiers of its holder.

    An "official list reference" is a list's own reference as ``export_ftm`` writes it, its
    numbering ("OFAC ent_num") the summary: it comes back as that list reference."""
    if doc.first("type") == IdentifierScheme.LIST_REFERENCE.label and doc.first("summary"):
        label = collapse(doc.first("summary"))
        return [list_reference(label, collapse(n)) for n in unique(doc.values("number"))]
    scheme = IDENTIFICATIONS[doc.schema]
    if "passport" in " ".join(doc.values("type")).lower():
        scheme = "passport"
    country = country_code(doc.first("country"))
    label = collapse(" ".join(doc.values("type")))
    return [
        IdentifierRecord(scheme, collapse(number), country, label)
        for number in unique(doc.values("number", "passportNumber"))
    ]


def _address_entity(address: FtmObject, warn: Warnings) -> AddressRecord | None:
    if address.schema != ADDRESS:
        warn(
            address.line, f"skipped: {address.id} is named as an address but is a {address.schema}"
        )
        return None
    street = joined(*address.values("street", "street2", "postOfficeBox"))
    city = collapse(address.first("city"))
    region = collapse(address.first("region") or address.first("state"))
    postal = collapse(address.first("postalCode"))
    words = address.first("country")
    country = country_code(words)
    full = collapse(address.first("full")) or joined(street, city, region, postal, words)
    if not full:
        return None
    return AddressRecord(
        street=street, city=city, region=region, postal_code=postal, country=country, full=full
    )


def _address_words(obj: FtmObject, entities: list[AddressRecord]) -> list[AddressRecord]:
    """The ``address`` property: addresses as written, unless an Address entity has it."""
    known = {a.full for a in entities}
    return [
        AddressRecord(full=collapse(a)) for a in obj.values("address") if collapse(a) not in known
    ]


def _link(record: FtmObject, other: FtmObject, kind: str, words: str) -> LinkRecord:
    details = unique(
        [
            words,
            *record.values("role", "relationship"),
            *(f"{p}%" for p in record.values("percentage")),
        ]
    )
    since = " ".join(
        part
        for part in (
            f"from {prefix_date(record.first('startDate'))}" if record.first("startDate") else "",
            f"until {prefix_date(record.first('endDate'))}" if record.first("endDate") else "",
        )
        if part
    )
    text = "; ".join(d for d in (*details, since) if d)
    return LinkRecord(target=reference_of(other.id), by="reference", kind=kind, text=text)
