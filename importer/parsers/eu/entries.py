"""The EU list's ``sanctionEntity`` elements as records, and the whole file parsed.

The entry's reference is ``logicalId``: the EU's database key of the entity, the one that
stays when the entity moves or its reference is renumbered, and the one publishers diff
files on. ``euReferenceNumber`` (``EU.27.28``) is kept as an identifier, and so is
``unitedNationId`` under the label the UN list's own references carry, so that an EU entry
of a UN listing meets the UN entry.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from entities.numberings import EU_REFERENCE, UN_REFERENCE
from importer.parsers.common import Warnings, read_file, unique
from importer.parsers.eu.dates import birth_date, iso_day, place_of_birth
from importer.parsers.eu.documents import identification
from importer.parsers.eu.elements import Context, attr, remarks
from importer.parsers.eu.names import names_of
from importer.parsers.eu.places import address, citizenship
from importer.parsers.eu.programmes import act_note, programme
from importer.parsers.eu.reading import stream_entities
from importer.records import (
    CountryRecord,
    IdentifierRecord,
    ListEntry,
    ParsedSource,
    ParseError,
    list_reference,
)

SOURCE = "eu-fsf"
# subjectType@code -> EntityKind. The EU does not tell a company from another organisation.
SUBJECT_KINDS = {"person": "person", "enterprise": "organization"}
CLASSIFICATION_KINDS = {"P": "person", "E": "organization"}


def _kind(ctx: Context, entity: ET.Element) -> str:
    subject = entity.find("subjectType")
    if subject is None:
        ctx.warn(entity, "kept as an organization: no subjectType")
        return "organization"
    kind = SUBJECT_KINDS.get(attr(subject, "code").lower()) or CLASSIFICATION_KINDS.get(
        attr(subject, "classificationCode").upper()
    )
    if kind is None:
        ctx.warn(subject, f"kept as an organization: unknown subjectType {attr(subject, 'code')!r}")
        return "organization"
    return kind


def _listed(ctx: Context, entity: ET.Element) -> str:
    value = attr(entity, "designationDate")
    if not value:
        return ""  # missing on some entities (13, 191, 980 of the sample)
    day = iso_day(value[:10])
    if day is None:
        ctx.warn(entity, f"kept without listing date: unparsable designationDate {value!r}")
        return ""
    return day


def entry_of(ctx: Context, entity: ET.Element) -> ListEntry | None:
    """One sanctionEntity as a list entry; None (with a warning) when it cannot be one."""
    ref = attr(entity, "logicalId")
    ctx.ref = ""
    if not ref:
        ctx.warn(
            entity,
            f"skipped: sanctionEntity without logicalId "
            f"(euReferenceNumber {attr(entity, 'euReferenceNumber')!r})",
        )
        return None
    ctx.ref = ref
    kind = _kind(ctx, entity)
    names = names_of(ctx, entity)
    if names is None:
        ctx.warn(entity, "skipped: no nameAlias with a name")
        return None

    notes: list[str] = list(remarks(entity))
    details = attr(entity, "designationDetails")
    if details:
        notes.append(f"Designation details: {details}")
    notes.extend(names.notes)

    regulations = entity.findall("regulation")
    programmes = [p for p in (programme(ctx, e) for e in regulations) if p]
    notes.extend(note for e in regulations if (note := act_note(e)))
    if not programmes:
        ctx.warn(entity, "kept without designation: no regulation with a programme")

    countries: list[CountryRecord] = []
    for elem in entity.findall("citizenship"):
        record, more = citizenship(ctx, elem)
        if record:
            countries.append(record)
        notes.extend(more)

    date_kind = "birth" if kind == "person" else "established"
    dates = []
    for elem in entity.findall("birthdate"):
        record = birth_date(ctx, elem, date_kind)
        if record:
            dates.append(record)
        said = (record.date or record.text) if record else ""
        notes.extend(f"Date of birth {said}: {r}" if said else f"Birth: {r}" for r in remarks(elem))
        place = place_of_birth(elem)
        if place:
            label = "Place of birth" if kind == "person" else "Place of establishment"
            notes.append(f"{label}: {place}")

    addresses = []
    identifiers: list[IdentifierRecord] = []
    for elem in entity.findall("address"):
        record, contacts, more = address(ctx, elem)
        if record:
            addresses.append(record)
        identifiers.extend(contacts)
        notes.extend(more)
    countries += [CountryRecord(a.country, "located_in") for a in addresses if a.country]

    identifiers = [
        i for i in (identification(ctx, e) for e in entity.findall("identification")) if i
    ] + identifiers
    eu_ref = attr(entity, "euReferenceNumber")
    if eu_ref:
        identifiers.append(list_reference(EU_REFERENCE, eu_ref))
    un_ref = attr(entity, "unitedNationId")
    if un_ref:
        identifiers.append(list_reference(UN_REFERENCE, un_ref))

    return ListEntry(
        reference=ref,
        kind=kind,
        name=names.primary,
        programmes=unique(programmes),
        listed=_listed(ctx, entity),
        aliases=names.aliases,
        identifiers=unique(identifiers),
        countries=unique(countries),
        addresses=unique(addresses),
        dates=unique(dates),
        notes="\n".join(unique(notes)),
        line=ctx.line(entity),
    )


def _list_date(warnings: Warnings, root: ET.Element | None) -> dt.date | None:
    generated = (root.get("generationDate", "") if root is not None else "").strip()
    try:
        return dt.date.fromisoformat(generated[:10])
    except ValueError:
        warnings(1, f"no list date: generationDate is {generated!r}")
        return None


def parse_file(path: str | Path) -> ParsedSource:
    """Parse an EU FSF XML 1.1 file into normalised records, streaming.

    Raises ParseError when the file cannot be used at all (unreadable, not XML, unsafe
    XML, not the FSF format, truncated, no entities); a single bad entity or field only adds
    a ParseWarning.
    """
    path = Path(path)
    name = path.name
    data, sha = read_file(path)
    warnings = Warnings(name)
    root: list[ET.Element] = []
    entries: list[ListEntry] = []
    first_line: dict[str, int] = {}
    seen = 0
    for elem, lines in stream_entities(name, data, root):
        seen += 1
        ctx = Context(lines, warnings)
        entry = entry_of(ctx, elem)
        if entry is None:
            continue
        if entry.reference in first_line:
            ctx.warn(
                elem,
                f"skipped: duplicate logicalId {entry.reference} "
                f"(first at line {first_line[entry.reference]})",
            )
            continue
        first_line[entry.reference] = entry.line or 0
        entries.append(entry)
    if not seen:
        # An empty list would read as "everyone delisted": refuse it rather than import it.
        raise ParseError(name, None, "no sanctionEntity in the file")
    return ParsedSource(
        source=SOURCE,
        entries=entries,
        warnings=warnings.by_line(),
        files={name: sha},
        list_date=_list_date(warnings, root[0] if root else None),
    )
